import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../../keys/clock.ts';
import { AuditWriteFailedError } from '../../errors/broker-error.ts';
import type { Database } from '../../store/database.ts';
import type { AuditReceipt, AuditRecord } from './audit-record.ts';
import { appendToChain } from './chain-append.ts';
import { checkRecord } from './entry-columns.ts';
import type { TrailVocabulary } from './trail-vocabulary.ts';

interface PendingAppend {
  readonly record: AuditRecord;
  readonly at: Date;
  readonly resolve: (receipt: AuditReceipt) => void;
  readonly reject: (error: AuditWriteFailedError) => void;
}

/** Bounds one transaction, so that a burst does not hold the head lock for long. */
const MAX_BATCH = 2000;

/**
 * The append side of the audit trail. `append` resolves only once the entry is committed
 * (with SQLite's synchronous=FULL: on disk); appends made while a commit is under way
 * share the next transaction, so a durable commit per exchange does not cap throughput.
 * A failed commit rejects every append of its batch with AUDIT_WRITE_FAILED, and the
 * caller denies: no entry, no release. Category and field names outside the covenant's
 * vocabulary are counted and digested, never written (see TrailVocabulary).
 *
 * @example
 * const trail = new AuditTrail(db, new TrailVocabulary(lookup, key));
 * const { seq } = await trail.append({ type: 'exchange.pull', network: 'bonaire', ... });
 */
export class AuditTrail {
  readonly #db: Kysely<Database>;
  readonly #vocabulary: TrailVocabulary;
  readonly #clock: Clock;
  #pending: PendingAppend[] = [];
  #writing: Promise<void> | null = null;
  #closed = false;

  constructor(db: Kysely<Database>, vocabulary: TrailVocabulary, clock: Clock = systemClock) {
    this.#db = db;
    this.#vocabulary = vocabulary;
    this.#clock = clock;
  }

  /** Throws a TypeError, before anything is queued, for a record the trail cannot hold. */
  append(record: AuditRecord): Promise<AuditReceipt> {
    const kept = this.#vocabulary.restrict(record);
    checkRecord(kept);
    if (this.#closed) return Promise.reject(new AuditWriteFailedError({ cause: 'trail closed' }));
    return new Promise((resolve, reject) => {
      this.#pending.push({ record: kept, at: this.#clock.now(), resolve, reject });
      this.#writing ??= this.#drain();
    });
  }

  /** Refuses further appends and resolves once everything appended so far is settled. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#writing;
  }

  async #drain(): Promise<void> {
    // Yield once, so that the appends of the current tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, MAX_BATCH);
      await this.#commit(batch);
    }
    this.#writing = null;
  }

  async #commit(batch: readonly PendingAppend[]): Promise<void> {
    let receipts: AuditReceipt[];
    try {
      receipts = await this.#db.transaction().execute((trx) =>
        appendToChain(
          trx,
          batch.map(({ record, at }) => ({ ...record, at: record.at ?? at })),
          this.#clock.now(),
        ),
      );
    } catch (error) {
      const failure = new AuditWriteFailedError({ cause: error });
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, i) => {
      pending.resolve(receipts[i] as AuditReceipt);
    });
  }
}
