import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { casePhaseSchema } from '../../policies/vocabulary/case-phases.ts';
import type { CasesTable, Database } from '../store/database.ts';
import {
  ageBandSchema,
  caseTypeSchema,
  evaluationOutcomeSchema,
  genderSchema,
  lifeDomainSchema,
} from '../store/domain-vocabulary.ts';
import { stringList } from '../store/json-column.ts';
import { type ClosingRecord, closingRecordOf } from './closing-record.ts';

/**
 * One row per closed case, kept after the case's data are deleted (migration 0008). The
 * `id` is drawn at random when the row is written: it names the row, not the case.
 */
export interface CaseStatisticsTable {
  id: string;
  network_id: string;
  closed_year: number;
  case_type: string;
  outcome: string;
  /** JSON array of LifeDomain. */
  life_domains: string;
  /** JSON array of PersonCount. */
  persons: string;
  /** JSON object of phase to whole weeks. */
  phase_weeks: string;
}

export type StatisticsDatabase = Database & { case_statistics: CaseStatisticsTable };

/** The columns a record is stored as; the JSON is built in one order, so equal is equal. */
export function recordColumns(record: ClosingRecord): Omit<CaseStatisticsTable, 'id'> {
  return {
    network_id: record.network,
    closed_year: record.closedYear,
    case_type: record.caseType,
    outcome: record.outcome,
    life_domains: JSON.stringify(record.lifeDomains),
    persons: JSON.stringify(record.persons),
    phase_weeks: JSON.stringify(record.phaseWeeks),
  };
}

type CaseState = Pick<
  Selectable<CasesTable>,
  'id' | 'network_id' | 'case_type' | 'life_domains' | 'phase' | 'outcome' | 'closed_at'
>;

/**
 * Keeps the statistics in step with a phase change, inside the transaction that makes it:
 * a case entering `closed` adds its record, a case leaving it takes one equal record out.
 * Records carry nothing of the case, so the one taken out need not be the row written at
 * the closing: any equal row counts the same in every table. While a case is closed its
 * data stay as they were (persons cannot be added, phases not entered), so the record a
 * reopen computes equals the one its closing wrote; after the retention job a case can no
 * longer be reopened, so no link to its record is ever needed.
 */
export async function keepClosingStatistics(
  trx: Kysely<Database>,
  before: CaseState,
  after: CaseState,
): Promise<void> {
  if (before.phase !== 'closed' && after.phase === 'closed') {
    await addClosing(trx, after);
  } else if (before.phase === 'closed' && after.phase !== 'closed') {
    await withdrawClosing(trx, before);
  }
}

/** Writes the record of a closed case; migration 0008 fills the table with these. */
export async function addClosing(db: Kysely<Database>, closed: CaseState): Promise<void> {
  const record = await recordOf(db, closed);
  await db
    .withTables<{ case_statistics: CaseStatisticsTable }>()
    .insertInto('case_statistics')
    .values({ id: randomUUID(), ...recordColumns(record) })
    .execute();
}

async function withdrawClosing(db: Kysely<Database>, closed: CaseState): Promise<void> {
  const columns = recordColumns(await recordOf(db, closed));
  const stats = db.withTables<{ case_statistics: CaseStatisticsTable }>();
  const equal = await stats
    .selectFrom('case_statistics')
    .select('id')
    .where('network_id', '=', columns.network_id)
    .where('closed_year', '=', columns.closed_year)
    .where('case_type', '=', columns.case_type)
    .where('outcome', '=', columns.outcome)
    .where('life_domains', '=', columns.life_domains)
    .where('persons', '=', columns.persons)
    .where('phase_weeks', '=', columns.phase_weeks)
    .limit(1)
    .executeTakeFirst();
  if (equal !== undefined) {
    await stats.deleteFrom('case_statistics').where('id', '=', equal.id).execute();
  }
}

async function recordOf(db: Kysely<Database>, closed: CaseState): Promise<ClosingRecord> {
  if (closed.closed_at === null) throw new TypeError('a closed case has its closing time');
  const persons = await db
    .selectFrom('persons')
    .select(['age_band', 'gender'])
    .where('case_id', '=', closed.id)
    .execute();
  const phases = await db
    .selectFrom('case_phases')
    .select(['phase', 'entered_at'])
    .where('case_id', '=', closed.id)
    .orderBy('seq')
    .execute();
  return closingRecordOf({
    network: closed.network_id,
    caseType: caseTypeSchema.parse(closed.case_type),
    outcome: closed.outcome === null ? null : evaluationOutcomeSchema.parse(closed.outcome),
    closedAt: closed.closed_at,
    lifeDomains: stringList(closed.life_domains).map((d) => lifeDomainSchema.parse(d)),
    persons: persons.map((p) => ({
      ageBand: ageBandSchema.parse(p.age_band),
      gender: genderSchema.parse(p.gender),
    })),
    phases: phases.map((p) => ({
      phase: casePhaseSchema.parse(p.phase),
      enteredAt: p.entered_at,
    })),
  });
}
