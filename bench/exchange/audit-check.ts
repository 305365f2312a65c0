import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { checkpointKeyPaths } from '../../broker/audit/checkpoints/checkpoint-key.ts';
import { verifyAuditTrail } from '../../broker/audit/verification/chain-verifier.ts';
import { openDatabase } from '../../broker/store/open-database.ts';
import { NETWORK } from './network.ts';

export interface AuditCheck {
  /** `exchange.pull` entries in the trail: one per provider per exchange. */
  readonly pullEntries: number;
  /** `access.refused` entries: one per request refused after the certificate. */
  readonly refusedEntries: number;
  /** Every entry, including the case setup's domain events. */
  readonly entries: number;
  readonly checkpoints: number;
  readonly intact: boolean;
}

/**
 * After the broker has stopped (and signed its shutdown checkpoint): counts the pull
 * entries in its SQLite trail and verifies the whole chain against the checkpoint key,
 * as `npm run audit -- verify` would.
 */
export async function checkAuditTrail(stateDir: string): Promise<AuditCheck> {
  const url = `sqlite:${stateDir}/broker.sqlite`;
  const { db } = await openDatabase(url);
  try {
    const entriesOf = async (type: string) => {
      const row = await db
        .selectFrom('audit_entries')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('event_type', '=', type)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    };
    const publicKey = createPublicKey(
      await readFile(checkpointKeyPaths(stateDir, NETWORK).publicKey, 'utf8'),
    );
    const report = await verifyAuditTrail(url, publicKey);
    return {
      pullEntries: await entriesOf('exchange.pull'),
      refusedEntries: await entriesOf('access.refused'),
      entries: report.entries,
      checkpoints: report.checkpoints,
      intact: report.intact,
    };
  } finally {
    await db.destroy();
  }
}
