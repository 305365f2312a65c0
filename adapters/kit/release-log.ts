import type { Clock } from '../../keys/clock.ts';
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

interface Waiting {
  readonly entries: readonly NewReleaseEntry[];
  resolve(): void;
  reject(error: unknown): void;
}

/** SQLite allows 32,766 bound values per statement; 8 per row leaves room. */
const ROWS_PER_INSERT = 1_000;

/**
 * The adapter's own account of what it released, to set beside the broker's audit trail:
 * the partner's privacy officer can check the two agree without trusting the broker.
 * Written before the answer is sent, so nothing leaves unlogged. Concurrent pulls share
 * one transaction (a group commit): one fsync for many answers instead of one each.
 *
 * @example
 * await releaseLog.record([{ exchangeId, purpose, category, fields, recordCount, traceId }]);
 */
export class ReleaseLog {
  readonly #db: AdapterStateDb;
  readonly #clock: Clock;
  #waiting: Waiting[] = [];

  constructor(db: AdapterStateDb, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Resolves once the entries are committed; rejects if the commit fails. */
  record(entries: readonly NewReleaseEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiting.push({ entries, resolve, reject });
      // The first of a burst schedules the commit; the rest of the burst joins it.
      if (this.#waiting.length === 1) setImmediate(() => void this.#commit());
    });
  }

  async #commit(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    const releasedAt = this.#clock.now().toISOString();
    const rows = batch.flatMap(({ entries }) =>
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
    );
    try {
      await this.#db.transaction().execute(async (trx) => {
        for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
          await trx
            .insertInto('release_log')
            .values(rows.slice(at, at + ROWS_PER_INSERT))
            .execute();
        }
      });
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
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
