import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../keys/clock.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import type { Database } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import type { SqlDialectName } from './sql-dialect-name.ts';

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
  'legal_ground_exceptions',
  'formal_requests',
  'persons',
  'participants',
  'case_phases',
] as const;
type CaseDataTable = (typeof CASE_DATA_TABLES)[number] | 'cases';

/**
 * Deletes the data of every case closed longer than its network's retention period (one
 * year by the protocol). Only the pseudonymised domain events remain, and one more says
 * what was deleted.
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
   * const deleted = await retention.run(new Date());
   */
  async run(now: Date): Promise<DeletedCase[]> {
    const networks = await this.#db
      .selectFrom('networks')
      .select(['id', 'retention_years'])
      .orderBy('id')
      .execute();
    const deleted: DeletedCase[] = [];
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
    }
    if (deleted.length > 0 && this.#dialect === 'sqlite') {
      // secure_delete zeroes the deleted rows in the database file (open-database.ts), but
      // the pages as they were stay in the write-ahead log until it is checkpointed and cut.
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.#db);
    }
    return deleted;
  }

  /**
   * Runs the job now and every `intervalMs` until the returned function is called. A failed run is
   * reported and retried at the next interval; the timer does not keep the process alive.
   */
  schedule(
    clock: Clock,
    intervalMs: number,
    report: {
      readonly onDeleted: (cases: DeletedCase[]) => void;
      readonly onError: (error: unknown) => void;
    },
  ): () => void {
    const runOnce = (): void => {
      this.run(clock.now()).then(report.onDeleted, report.onError);
    };
    runOnce();
    const timer = setInterval(runOnce, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
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
 * Erases the subject (case id, person pseudonym, details) of the trail's entries about the
 * case, and of those about its persons that name no case (a privacy officer's search by
 * person) unless the person is in another case still: the seed's "een jaar na beëindiging
 * uit het systeem verwijderd" holds for the trail too. What the entries say about the
 * exchange (who, which categories, on which ground) stays, and so does the chain: it hashes
 * a digest of the subject, which the erasure keeps. Entries written before the subject was
 * held apart (migration 0009) cannot be erased this way and keep theirs.
 */
async function eraseSubjects(
  trx: Kysely<Database>,
  caseId: string,
  pseudonyms: readonly string[],
  now: Date,
): Promise<number> {
  const erase = {
    case_id: null,
    person_pseudonym: null,
    details: '{}',
    subject_salt: null,
    erased_at: now.toISOString(),
  };
  const ofCase = await trx
    .updateTable('audit_entries')
    .set(erase)
    .where('case_id', '=', caseId)
    .where('subject_sha256', 'is not', null)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  if (pseudonyms.length === 0) return Number(ofCase.numUpdatedRows);
  const ofPersons = await trx
    .updateTable('audit_entries')
    .set(erase)
    .where('case_id', 'is', null)
    .where('person_pseudonym', 'in', pseudonyms)
    .where('person_pseudonym', 'not in', (eb) => eb.selectFrom('persons').select('pseudonym'))
    .where('subject_sha256', 'is not', null)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return Number(ofCase.numUpdatedRows) + Number(ofPersons.numUpdatedRows);
}
