import { type Kysely, sql, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import type { Clock } from '../../keys/clock.ts';
import { ERASED_CONTENT, ERASED_SUBJECT } from '../audit/trail/entry-hash.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import type { Database } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import type { SqlDialectName } from './sql-dialect-name.ts';

/** The trail's entries of a network whose subject the trail's own term erased. */
export interface ErasedEntries {
  readonly network: string;
  /** Entries appended at or before this moment lost their subject. */
  readonly before: string;
  readonly entries: number;
}

export interface RetentionRun {
  readonly deleted: DeletedCase[];
  readonly erased: ErasedEntries[];
}

export interface DeletedCase {
  readonly network: string;
  readonly caseId: string;
  readonly closedAt: string;
  /** Rows deleted per table. */
  readonly deleted: Readonly<Record<CaseDataTable, number>>;
}

/** Children first: the foreign keys do not cascade, so each count is what this job removed. */
const CASE_DATA_TABLES = [
  'decision_inputs',
  'push_outbox',
  'case_actions',
  'consents',
  'objections',
  'exception_provider_decisions',
  'legal_ground_exceptions',
  'formal_requests',
  'persons',
  'participants',
  'case_phases',
] as const;
type CaseDataTable = (typeof CASE_DATA_TABLES)[number] | 'cases';

/**
 * Deletes the data of every case closed longer than its network's retention period (one
 * year by the protocol), erasing the subject of the trail's entries about it; and erases
 * the subject of every entry about a case or a person older than the network's own term
 * for the trail (`audit_retention_years`), however long its case runs. Only what the
 * entries say about the exchange remains (who, when, for which purpose, on which ground,
 * decided how), and one more entry says what was deleted or erased.
 */
export class RetentionJob {
  readonly #db: Kysely<Database>;
  readonly #dialect: SqlDialectName;

  constructor(db: Kysely<Database>, dialect: SqlDialectName) {
    this.#db = db;
    this.#dialect = dialect;
  }

  /**
   * @example
   * const { deleted, erased } = await retention.run(new Date());
   */
  async run(now: Date): Promise<RetentionRun> {
    const networks = await this.#db
      .selectFrom('networks')
      .select(['id', 'retention_years', 'audit_retention_years'])
      .orderBy('id')
      .execute();
    const deleted: DeletedCase[] = [];
    const erased: ErasedEntries[] = [];
    for (const network of networks) {
      const cutoff = yearsBefore(now, network.retention_years);
      const due = await this.#db
        .selectFrom('cases')
        .select('id')
        .where('network_id', '=', network.id)
        .where('phase', '=', 'closed')
        .where('closed_at', '<=', cutoff)
        .orderBy('closed_at')
        .execute();
      for (const { id } of due) {
        const result = await this.#deleteCase(network.id, id, cutoff, now);
        if (result !== undefined) deleted.push(result);
      }
      const past = await this.#eraseTermPast(network.id, network.audit_retention_years, now);
      if (past !== undefined) erased.push(past);
    }
    if ((deleted.length > 0 || erased.length > 0) && this.#dialect === 'sqlite') {
      // secure_delete zeroes the deleted rows in the database file (open-database.ts), but
      // the pages as they were stay in the write-ahead log until it is checkpointed and cut.
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.#db);
    }
    return { deleted, erased };
  }

  /**
   * Runs the job now and every `intervalMs` until the returned function is called. A failed run is
   * reported and retried at the next interval; the timer does not keep the process alive.
   */
  schedule(
    clock: Clock,
    intervalMs: number,
    report: {
      readonly onDone: (run: RetentionRun) => void;
      readonly onError: (error: unknown) => void;
    },
  ): () => void {
    const runOnce = (): void => {
      this.run(clock.now()).then(report.onDone, report.onError);
    };
    runOnce();
    const timer = setInterval(runOnce, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Erases the subject of the network's entries about a case or a person appended
   * `years` or longer before `now`: "een jaar na beëindiging" bounds the case's data, and
   * this bounds the trail's even for a case that is never closed. Entries that name neither
   * (the network's own events) say nothing about a person and keep their details.
   */
  async #eraseTermPast(
    network: string,
    years: number,
    now: Date,
  ): Promise<ErasedEntries | undefined> {
    const before = yearsBefore(now, years);
    return this.#db.transaction().execute(async (trx) => {
      const entries = await erase(trx, now, (query) =>
        query
          .where('network_id', '=', network)
          .where('at', '<=', before)
          .where((eb) =>
            eb.or([eb('case_id', 'is not', null), eb('person_pseudonym', 'is not', null)]),
          ),
      );
      if (entries === 0) return undefined;
      await DomainEventLog.append(trx, {
        type: 'trail.entries_erased',
        network,
        actor: SYSTEM_ACTOR,
        at: now,
        caseId: null,
        personPseudonym: null,
        details: { appended_before: before, audit_retention_years: years, erased_entries: entries },
      });
      return { network, before, entries };
    });
  }

  async #deleteCase(
    network: string,
    caseId: string,
    cutoff: string,
    now: Date,
  ): Promise<DeletedCase | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      // Touching the row first locks it, so a concurrent reopen either wins or waits.
      const locked = await trx
        .updateTable('cases')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', caseId)
        .where('phase', '=', 'closed')
        .where('closed_at', '<=', cutoff)
        .returning(['closed_at', 'case_type', 'outcome'])
        .executeTakeFirst();
      if (locked === undefined || locked.closed_at === null) return undefined;
      const pseudonyms = (
        await trx.selectFrom('persons').select('pseudonym').where('case_id', '=', caseId).execute()
      ).map((person) => person.pseudonym);
      const counts: Partial<Record<CaseDataTable, number>> = {};
      for (const table of CASE_DATA_TABLES) {
        const result = await trx.deleteFrom(table).where('case_id', '=', caseId).executeTakeFirst();
        counts[table] = Number(result.numDeletedRows);
      }
      const result = await trx.deleteFrom('cases').where('id', '=', caseId).executeTakeFirst();
      counts.cases = Number(result.numDeletedRows);
      const deleted = counts as Record<CaseDataTable, number>;
      const erased = await eraseSubjects(trx, caseId, pseudonyms, now);
      // The deletion names no case: the entries it would link to have no case left to name.
      await DomainEventLog.append(trx, {
        type: 'case.data_deleted',
        network,
        actor: SYSTEM_ACTOR,
        at: now,
        caseId: null,
        personPseudonym: null,
        details: {
          closed_at: locked.closed_at.slice(0, 7),
          case_type: locked.case_type,
          outcome: locked.outcome,
          erased_entries: erased,
          ...Object.fromEntries(Object.entries(deleted).map(([t, n]) => [`deleted_${t}`, n])),
        },
      });
      return { network, caseId, closedAt: locked.closed_at, deleted };
    });
  }
}

/**
 * `now` minus whole years, as a timestamp string. Comparing `closed_at <= yearsBefore(now)`
 * is exactly the policy's `add_years(closed_at) <= now` (policies/zvh/lib/timestamp), so
 * the store deletes a case at the very moment the policy stops letting its data flow.
 */
export function yearsBefore(now: Date, years: number): string {
  const text = now.toISOString();
  const year = Number(text.slice(0, 4)) - years;
  return `${String(year).padStart(4, '0')}${text.slice(4)}`;
}

/**
 * Erases the subject (case id, person pseudonym, details, and in entries written since
 * migration 0013 the categories and field names) of the trail's entries about the case,
 * and of those about its persons that name no case (a privacy officer's search by person)
 * unless the person is in another case still: the seed's "een jaar na beëindiging uit het
 * systeem verwijderd" holds for the trail too. What the entries say about the exchange
 * (who, when, for which purpose, on which ground) stays, and so does the chain: it hashes
 * a digest of the subject, which the erasure keeps. Entries written before the subject was
 * held apart (migration 0009) cannot be erased this way and keep theirs; entries written
 * before 0013 keep their categories.
 */
async function eraseSubjects(
  trx: Kysely<Database>,
  caseId: string,
  pseudonyms: readonly string[],
  now: Date,
): Promise<number> {
  const ofCase = await erase(trx, now, (query) => query.where('case_id', '=', caseId));
  if (pseudonyms.length === 0) return ofCase;
  const ofPersons = await erase(trx, now, (query) =>
    query
      .where('case_id', 'is', null)
      .where('person_pseudonym', 'in', pseudonyms)
      .where('person_pseudonym', 'not in', (eb) => eb.selectFrom('persons').select('pseudonym')),
  );
  return ofCase + ofPersons;
}

type EntryUpdate = UpdateQueryBuilder<Database, 'audit_entries', 'audit_entries', UpdateResult>;

/**
 * Erases the subject of the standing entries `which` selects, the categories with it where
 * the subject holds them (version 2): the two kinds in one statement each, as the
 * database's trigger lets through exactly these two erasures. Returns how many.
 */
async function erase(
  trx: Kysely<Database>,
  now: Date,
  which: (query: EntryUpdate) => EntryUpdate,
): Promise<number> {
  const subject = { ...ERASED_SUBJECT, subject_salt: null, erased_at: now.toISOString() };
  const standing = (query: EntryUpdate) =>
    which(query).where('subject_sha256', 'is not', null).where('erased_at', 'is', null);
  const withCategories = await standing(
    trx.updateTable('audit_entries').set({ ...subject, ...ERASED_CONTENT }),
  )
    .where('subject_version', 'is not', null)
    .executeTakeFirst();
  const subjectOnly = await standing(trx.updateTable('audit_entries').set(subject))
    .where('subject_version', 'is', null)
    .executeTakeFirst();
  return Number(withCategories.numUpdatedRows) + Number(subjectOnly.numUpdatedRows);
}
