import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { checkpointKeyPaths } from '../../broker/audit/checkpoints/checkpoint-key.ts';
import { verifyAuditTrail } from '../../broker/audit/verification/chain-verifier.ts';
import { openDatabase } from '../../broker/store/open-database.ts';
import { NETWORK } from './network.ts';

export interface AuditCheck {
  /** `exchange.pull` entries in the trail: one per provider per exchange. */
  readonly pullEntries: number;
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
    const row = await db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('event_type', '=', 'exchange.pull')
      .executeTakeFirstOrThrow();
    const publicKey = createPublicKey(
      await readFile(checkpointKeyPaths(stateDir, NETWORK).publicKey, 'utf8'),
    );
    const report = await verifyAuditTrail(url, publicKey);
    return {
      pullEntries: Number(row.count),
      entries: report.entries,
      checkpoints: report.checkpoints,
      intact: report.intact,
    };
  } finally {
    await db.destroy();
  }
}
