import type { Clock } from '../../broker/identity/clock.ts';
import type { AdapterStateDb } from './adapter-state.ts';

/** One category released in one exchange: names and counts only, never a value. */
export interface ReleaseEntry {
  readonly releasedAt: string;
  readonly exchangeId: string;
  readonly purpose: string;
  readonly category: string;
  readonly fields: readonly string[];
  readonly recordCount: number;
  readonly traceId: string;
}

export type NewReleaseEntry = Omit<ReleaseEntry, 'releasedAt'>;

/**
 * The adapter's own account of what it released, to set beside the broker's audit trail:
 * the partner's privacy officer can check the two agree without trusting the broker.
 * Written before the answer is sent, so nothing leaves unlogged.
 *
 * @example
 * await releaseLog.record([{ exchangeId, purpose, category, fields, recordCount, traceId }]);
 */
export class ReleaseLog {
  readonly #db: AdapterStateDb;
  readonly #clock: Clock;

  constructor(db: AdapterStateDb, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async record(entries: readonly NewReleaseEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const releasedAt = this.#clock().toISOString();
    await this.#db
      .insertInto('release_log')
      .values(
        entries.map((entry) => ({
          seq: null,
          released_at: releasedAt,
          exchange_id: entry.exchangeId,
          purpose: entry.purpose,
          category: entry.category,
          fields: JSON.stringify(entry.fields),
          record_count: entry.recordCount,
          trace_id: entry.traceId,
        })),
      )
      .execute();
  }

  /** Entries in the order they were written, optionally for one exchange. */
  async entries(exchangeId?: string): Promise<readonly ReleaseEntry[]> {
    let query = this.#db.selectFrom('release_log').selectAll().orderBy('seq');
    if (exchangeId !== undefined) query = query.where('exchange_id', '=', exchangeId);
    const rows = await query.execute();
    return rows.map((row) => ({
      releasedAt: row.released_at,
      exchangeId: row.exchange_id,
      purpose: row.purpose,
      category: row.category,
      fields: JSON.parse(row.fields) as string[],
      recordCount: row.record_count,
      traceId: row.trace_id,
    }));
  }
}
