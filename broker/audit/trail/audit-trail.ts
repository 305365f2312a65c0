import type { Kysely } from 'kysely';
import { CodedError } from '../../../adapters/contract/coded-error.ts';
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

/** Since when appends fail, how many did, and the last failure with its database cause. */
export interface AuditOutage {
  readonly since: Date;
  readonly failedAppends: number;
  readonly error: AuditWriteFailedError;
}

/** Whether the trail commits: while it does not, nothing may be released. */
export type AuditHealth =
  | { readonly writable: true }
  | ({ readonly writable: false } & AuditOutage);

/** Told when appends start failing, and when one commits again (with the outage it ends). */
export interface AuditHealthListener {
  failing(outage: AuditOutage): void;
  recovered(outage: AuditOutage): void;
}

/**
 * The append side of the audit trail. `append` resolves only once the entry is committed
 * (with SQLite's synchronous=FULL: on disk); appends made while a commit is under way
 * share the next transaction, so a durable commit per exchange does not cap throughput.
 * A failed commit rejects every append of its batch with AUDIT_WRITE_FAILED, and the
 * caller denies: no entry, no release. Category and field names outside the covenant's
 * vocabulary are counted and digested, never written (see TrailVocabulary).
 * The trail knows whether its last commit failed
 * (`health`): the broker's /health reports it, and the first commit that succeeds again
 * clears it.
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
  readonly #together = new Set<Promise<unknown>>();
  #closed = false;
  #outage: { since: Date; failedAppends: number; error: AuditWriteFailedError } | undefined;
  readonly #listeners = new Set<AuditHealthListener>();

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

  /**
   * Appends `records` in a transaction of their own together with what `alongside` writes
   * in it: both commit, or neither does. For an entry that must not exist without a change
   * elsewhere (a message queued for delivery, a delivered message leaving the outbox), so
   * that no crash can leave one without the other. A coded error `alongside` throws
   * rolls the entries back and reaches the caller as it is; any other failure is
   * AUDIT_WRITE_FAILED.
   */
  appendAtomically(
    records: readonly AuditRecord[],
    alongside: (trx: Kysely<Database>) => Promise<void>,
  ): Promise<AuditReceipt[]> {
    const kept = records.map((record) => this.#vocabulary.restrict(record));
    for (const record of kept) checkRecord(record);
    if (this.#closed) return Promise.reject(new AuditWriteFailedError({ cause: 'trail closed' }));
    const at = this.#clock.now();
    let refused: CodedError | undefined;
    const committed = this.#db
      .transaction()
      .execute(async (trx) => {
        const receipts = await appendToChain(
          trx,
          kept.map((record) => ({ ...record, at: record.at ?? at })),
          this.#clock.now(),
        );
        try {
          await alongside(trx);
        } catch (error) {
          refused = error instanceof CodedError ? error : undefined;
          throw error;
        }
        return receipts;
      })
      .then(
        (receipts) => {
          this.#succeeded();
          return receipts;
        },
        (error: unknown) => {
          // `alongside` refused on purpose (a coded error): the trail itself is fine.
          if (refused !== undefined && error === refused) throw refused;
          throw this.#failed(error, kept);
        },
      );
    this.#together.add(committed);
    const settled = () => this.#together.delete(committed);
    committed.then(settled, settled);
    return committed;
  }

  /**
   * Another writer of the trail's database could not commit (a replay claim): the same
   * disk or connection fails, so the trail reports an outage until its next commit.
   */
  commitFailed(error: unknown): void {
    this.#failed(error, []);
  }

  health(): AuditHealth {
    return this.#outage === undefined ? { writable: true } : { writable: false, ...this.#outage };
  }

  /** Returns the function that stops telling the listener. */
  onHealthChange(listener: AuditHealthListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Refuses further appends and resolves once everything appended so far is settled. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#writing;
    await Promise.allSettled([...this.#together]);
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
      const failure = this.#failed(
        error,
        batch.map((pending) => pending.record),
      );
      for (const pending of batch) pending.reject(failure);
      return;
    }
    this.#succeeded();
    batch.forEach((pending, i) => {
      pending.resolve(receipts[i] as AuditReceipt);
    });
  }

  #failed(error: unknown, records: readonly AuditRecord[]): AuditWriteFailedError {
    const failure = new AuditWriteFailedError({ cause: error });
    // Tries to record the outage itself are not appends that an exchange lost.
    const lost = records.filter((record) => record.type !== 'audit.outage').length;
    if (this.#outage === undefined) {
      this.#outage = { since: this.#clock.now(), failedAppends: lost, error: failure };
      const outage = { ...this.#outage };
      for (const listener of this.#listeners) listener.failing(outage);
    } else {
      this.#outage.failedAppends += lost;
      this.#outage.error = failure;
    }
    return failure;
  }

  #succeeded(): void {
    if (this.#outage === undefined) return;
    const outage = { ...this.#outage };
    this.#outage = undefined;
    for (const listener of this.#listeners) listener.recovered(outage);
  }
}
