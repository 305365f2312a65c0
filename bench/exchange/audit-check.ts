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
  /**
   * The requests those entries account for: one each, and an entry of requests turned away
   * by the refusal throttle (REFUSALS_THROTTLED) for as many as it counts.
   */
  readonly refusedRequests: number;
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
    const refusals = await db
      .selectFrom('audit_entries')
      .select('details')
      .where('event_type', '=', 'access.refused')
      .execute();
    const refusedRequests = refusals.reduce((sum, { details }) => {
      const parsed = JSON.parse(details) as { code?: string; count?: number };
      return sum + (parsed.code === 'REFUSALS_THROTTLED' ? (parsed.count ?? 0) : 1);
    }, 0);
    return {
      pullEntries: await entriesOf('exchange.pull'),
      refusedEntries: refusals.length,
      refusedRequests,
      entries: report.entries,
      checkpoints: report.checkpoints,
      intact: report.intact,
    };
  } finally {
    await db.destroy();
  }
}
