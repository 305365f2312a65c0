import type { Kysely } from 'kysely';
import { z } from 'zod';
import { RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import {
  DEFAULT_THRESHOLD,
  type PublishedCount,
  type PublishedTable,
  protectingMarker,
  smallCountMarker,
  suppressCounts,
  thresholdSchema,
} from '../audit/statistics/cell-suppression.ts';
import type { Database } from '../store/database.ts';
import {
  ageBandSchema,
  caseTypeSchema,
  evaluationOutcomeSchema,
  genderSchema,
  lifeDomainSchema,
} from '../store/domain-vocabulary.ts';
import type { CaseStatisticsTable } from './case-statistics-table.ts';
import { NOT_TAKEN_UP, type PersonCount } from './closing-record.ts';

/** Half a century of yearly columns; past that it is a typo. */
export const MAX_REPORT_YEARS = 50;
const EARLIEST_YEAR = 1970;
const LATEST_YEAR = 9999;

const year = z.coerce.number().int().min(EARLIEST_YEAR).max(LATEST_YEAR);

/**
 * The report's parameters as a route's query or a CLI's flags give them, as strings:
 * `from` and `to` years of closing, both included; `threshold` default 10.
 */
export const caseReportParametersSchema = z
  .object({
    from: year,
    to: year,
    threshold: thresholdSchema.default(DEFAULT_THRESHOLD),
  })
  .refine((query) => query.from <= query.to, { path: ['to'], message: 'must not lie before from' })
  .refine((query) => query.to - query.from < MAX_REPORT_YEARS, {
    path: ['to'],
    message: `at most ${MAX_REPORT_YEARS} years`,
  });
export type CaseReportParameters = z.infer<typeof caseReportParametersSchema>;

export const REPORT_TABLES = [
  'casesByType',
  'outcomes',
  'ageBandsByGender',
  'lifeDomains',
] as const;
export type ReportTableName = (typeof REPORT_TABLES)[number];

/**
 * One table of the report with its margins, each count as published: the number, `<10`
 * for a count under the threshold, `≥10` for one hidden so that no small count can be
 * worked out from the totals.
 */
export interface ReportTable extends PublishedTable {
  readonly title: string;
  /** What a row is, what a column is (`case_type`, `year`, ...). */
  readonly rowsAre: string;
  readonly columnsAre: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** Why every count is hidden, where the table had to be withheld. */
  readonly withheld?: string;
}

export interface CaseReport {
  readonly network: string;
  /** Years of closing, both included. */
  readonly from: number;
  readonly to: number;
  readonly threshold: number;
  readonly tables: Readonly<Record<ReportTableName, ReportTable>>;
}

const OUTCOMES = [...evaluationOutcomeSchema.options, NOT_TAKEN_UP] as const;

/**
 * The tables of the ZVH's yearly report (as in the Bonaire report 2017-2020) from the
 * anonymous records of the cases closed in the years asked: cases per type per year,
 * outcomes per year, the persons by gender and age band, and the life domains per year.
 * Cases whose data the retention job deleted count like any other: the records outlive
 * them.
 */
export class CaseReports {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * @throws RequestInvalidError for parameters out of bounds.
   * @example
   * const report = await store.caseReports.report('bonaire', { from: 2017, to: 2020, threshold: 10 });
   */
  async report(network: string, parameters: CaseReportParameters): Promise<CaseReport> {
    const parsed = caseReportParametersSchema.safeParse(parameters);
    if (!parsed.success) {
      throw new RequestInvalidError(
        'invalid case report query',
        parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
      );
    }
    const { from, to, threshold } = parsed.data;
    const records = await this.#db
      .withTables<{ case_statistics: CaseStatisticsTable }>()
      .selectFrom('case_statistics')
      .select(['closed_year', 'case_type', 'outcome', 'life_domains', 'persons'])
      .where('network_id', '=', network)
      .where('closed_year', '>=', from)
      .where('closed_year', '<=', to)
      .execute();
    const years = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    const perYear = (rows: readonly string[], valuesOf: (r: StoredRecord) => readonly string[]) =>
      countGrid(rows, years, (count) => {
        for (const record of records) {
          for (const value of valuesOf(record)) count(value, String(record.closed_year), 1);
        }
      });
    const byType = perYear(caseTypeSchema.options, (r) => [r.case_type]);
    const byOutcome = perYear(OUTCOMES, (r) => [r.outcome]);
    const byDomain = perYear(lifeDomainSchema.options, (r) => JSON.parse(r.life_domains));
    const byPerson = countGrid(genderSchema.options, ageBandSchema.options, (count) => {
      for (const record of records) {
        for (const p of JSON.parse(record.persons) as PersonCount[]) {
          count(p.gender, p.ageBand, p.count);
        }
      }
    });

    const casesByType = suppressCounts(byType, threshold);
    const outcomes = sharedMarginsAgree(casesByType, suppressCounts(byOutcome, threshold));
    return {
      network,
      from,
      to,
      threshold,
      tables: {
        casesByType: {
          title: 'Cases closed, per case type and year of closing',
          rowsAre: 'case_type',
          columnsAre: 'year',
          rows: caseTypeSchema.options,
          columns: years,
          ...casesByType,
        },
        outcomes: {
          title: 'Cases closed, per outcome of the evaluation and year of closing',
          rowsAre: 'outcome',
          columnsAre: 'year',
          rows: OUTCOMES,
          columns: years,
          ...(outcomes ?? withheld(byOutcome, threshold)),
          ...(outcomes === undefined
            ? {
                withheld:
                  'its totals per year would give away a count the table of case types hides',
              }
            : {}),
        },
        ageBandsByGender: {
          title: 'Persons in the cases closed, per gender and age band',
          rowsAre: 'gender',
          columnsAre: 'age_band',
          rows: genderSchema.options,
          columns: ageBandSchema.options,
          ...suppressCounts(byPerson, threshold),
        },
        lifeDomains: {
          title:
            'Cases closed, per life domain and year of closing (a case counts under each of its domains)',
          rowsAre: 'life_domain',
          columnsAre: 'year',
          rows: lifeDomainSchema.options,
          columns: years,
          ...suppressCounts(byDomain, threshold),
        },
      },
    };
  }
}

type StoredRecord = Pick<
  CaseStatisticsTable,
  'closed_year' | 'case_type' | 'outcome' | 'life_domains' | 'persons'
>;

function countGrid(
  rows: readonly string[],
  columns: readonly string[],
  fill: (count: (row: string, column: string, n: number) => void) => void,
): number[][] {
  const grid = rows.map(() => columns.map(() => 0));
  fill((row, column, n) => {
    const line = grid[rows.indexOf(row)];
    const c = columns.indexOf(column);
    if (line !== undefined && c !== -1) line[c] = (line[c] ?? 0) + n;
  });
  return grid;
}

/**
 * The tables of case types and of outcomes count the same cases: their totals per year
 * and their grand total are the same numbers. A total one table hides and the other
 * publishes would let the first be undone, so the outcomes are published only where both
 * show each shared total alike; a shared total hidden in both lies on a cycle of hidden
 * counts in each, so the sums of the two together still fix no hidden count.
 */
function sharedMarginsAgree(
  types: PublishedTable,
  outcomes: PublishedTable,
): PublishedTable | undefined {
  const shared = (table: PublishedTable) => [...table.columnTotals, table.total];
  const a = shared(types);
  const b = shared(outcomes);
  return a.every((value, i) => (typeof value === 'string') === (typeof b[i] === 'string'))
    ? outcomes
    : undefined;
}

/** Every count over 0 hidden: zeros still show which outcomes no case had. */
function withheld(counts: readonly (readonly number[])[], threshold: number): PublishedTable {
  const mark = (n: number): PublishedCount =>
    n === 0 ? 0 : n < threshold ? smallCountMarker(threshold) : protectingMarker(threshold);
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = (counts[0] ?? []).map((_, c) =>
    counts.reduce((sum, row) => sum + (row[c] ?? 0), 0),
  );
  return {
    cells: counts.map((row) => row.map(mark)),
    rowTotals: rowTotals.map(mark),
    columnTotals: columnTotals.map(mark),
    total: mark(rowTotals.reduce((a, b) => a + b, 0)),
  };
}
