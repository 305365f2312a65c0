import type { Kysely } from 'kysely';
import { z } from 'zod';
import { RequestInvalidError } from '../../../adapters/contract/coded-error.ts';
import type { Database } from '../../store/database.ts';
import { type AuditEntryView, entryView } from '../search/audit-entry-view.ts';
import { type AuditScope, namesOrganisation } from '../search/audit-scope.ts';
import {
  DEFAULT_THRESHOLD,
  MAX_THRESHOLD,
  MIN_THRESHOLD,
  type PublishedCount,
  suppressCounts,
  thresholdSchema,
} from './cell-suppression.ts';
import {
  periodKeyOf,
  periodsOf,
  STATISTICS_PERIODS,
  type StatisticsPeriod,
} from './statistics-periods.ts';

export const STATISTICS_DIMENSIONS = [
  'organisation',
  'provider',
  'recipient',
  'purpose',
  'category',
  'decision',
  'reason',
] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

/** A threshold that high hides nearly everything; past it, it is a typo. */
/** Twenty years of months. */
export const MAX_STATISTICS_PERIODS = 240;

export interface StatisticsQuery {
  readonly network: string;
  readonly scope: AuditScope;
  /** Widened to the start of its period. */
  readonly from: Date;
  /** Widened to the end of its period; exclusive. */
  readonly to: Date;
  readonly period: StatisticsPeriod;
  readonly by: StatisticsDimension;
  readonly threshold: number;
}

export interface StatisticsRow {
  /** `2026-11`, `2026-Q4` or `2026`, in UTC. */
  readonly period: string;
  readonly cells: Readonly<Record<string, PublishedCount>>;
  readonly total: PublishedCount;
}

/**
 * Counts of exchanges, a hidden one as `<10` (under the threshold) or `≥10` (hidden so
 * that no small one can be computed from the totals). A total is the sum of its cells: by
 * `category` and `reason` an exchange counts once under each of its values.
 */
export interface StatisticsTable {
  readonly network: string;
  readonly scope: AuditScope;
  readonly period: StatisticsPeriod;
  readonly by: StatisticsDimension;
  /** The whole periods counted: `from` inclusive, `to` exclusive, ISO 8601. */
  readonly from: string;
  readonly to: string;
  readonly threshold: number;
  readonly columns: readonly string[];
  readonly rows: readonly StatisticsRow[];
  readonly totals: {
    readonly cells: Readonly<Record<string, PublishedCount>>;
    readonly total: PublishedCount;
  };
}

/** The column of an exchange that has no value in the dimension (no reason, say). */
export const NO_VALUE = '(none)';

export interface StatisticsOptions {
  /** Seqs read in one query; small in a test, so that a short trail crosses batches. */
  readonly batchSize?: number;
}

const BATCH = 2000;
const EXCHANGES = ['exchange.pull', 'exchange.push'] as const;

/** Four-digit years only: the trail's times are compared as ISO 8601 text. */
const EARLIEST = new Date('1970-01-01T00:00:00.000Z');
const LATEST = new Date('9999-01-01T00:00:00.000Z');

const querySchema = z
  .object({
    network: z.string().min(1).max(200),
    scope: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('network') }),
      z.object({ kind: z.literal('organisation'), organisation: z.string().min(1).max(200) }),
    ]),
    from: z.date().min(EARLIEST).max(LATEST),
    to: z.date().min(EARLIEST).max(LATEST),
    period: z.enum(STATISTICS_PERIODS),
    by: z.enum(STATISTICS_DIMENSIONS),
    threshold: z.number().int().min(MIN_THRESHOLD).max(MAX_THRESHOLD),
  })
  .refine((query) => query.from < query.to, { path: ['to'], message: 'must lie after from' });

const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * The query parameters of a route or the flags of a CLI, as strings: `from` and `to` as
 * dates (`2026-01-01`) or times, `period` (default `month`), `by`, `threshold` (default 10).
 */
export const statisticsParametersSchema = z.object({
  from: isoDate.transform((text) => new Date(text)),
  to: isoDate.transform((text) => new Date(text)),
  period: z.enum(STATISTICS_PERIODS).default('month'),
  by: z.enum(STATISTICS_DIMENSIONS),
  threshold: thresholdSchema.default(DEFAULT_THRESHOLD),
});

/**
 * Counts the exchanges (each pull, each push; not a push's later delivery or rejection)
 * of the query's periods by one dimension, with small counts hidden so that they cannot
 * be computed from the totals. Reads the trail in batches in the order of the chain, so a
 * trail of millions of entries never sits in memory.
 *
 * @throws RequestInvalidError for a query out of bounds: `from` not before `to`, more than
 *   MAX_STATISTICS_PERIODS periods, a threshold outside [MIN_THRESHOLD, MAX_THRESHOLD].
 * @example
 * const table = await exchangeStatistics(db, {
 *   network: 'bonaire', scope: { kind: 'network' }, period: 'quarter', by: 'purpose',
 *   from: new Date('2026-01-01'), to: new Date('2027-01-01'), threshold: 10,
 * });
 */
export async function exchangeStatistics(
  db: Kysely<Database>,
  query: StatisticsQuery,
  options: StatisticsOptions = {},
): Promise<StatisticsTable> {
  const checked = checkQuery(query);
  const periods = periodsOf(checked.from, checked.to, checked.period, MAX_STATISTICS_PERIODS);
  if (periods === null) {
    throw new RequestInvalidError('invalid statistics query', [
      `to: spans more than ${MAX_STATISTICS_PERIODS} periods of a ${checked.period}`,
    ]);
  }
  const first = periods[0];
  const last = periods.at(-1);
  if (first === undefined || last === undefined) throw new TypeError('a range has a period');
  const from = first.start.toISOString();
  const to = last.end.toISOString();

  const counts = periods.map(() => new Map<string, number>());
  const rowOf = new Map(periods.map((period, row) => [period.key, row]));
  for await (const view of exchangesOf(db, checked, from, to, options.batchSize ?? BATCH)) {
    const row = counts[rowOf.get(periodKeyOf(view.at, checked.period)) ?? -1];
    if (row === undefined) continue;
    for (const value of valuesOf(view, checked.by)) row.set(value, (row.get(value) ?? 0) + 1);
  }

  const columns = [...new Set(counts.flatMap((row) => [...row.keys()]))].sort(compare);
  const published = suppressCounts(
    counts.map((row) => columns.map((column) => row.get(column) ?? 0)),
    checked.threshold,
  );
  const record = (values: readonly PublishedCount[]) =>
    Object.fromEntries(columns.map((column, c) => [column, values[c] as PublishedCount]));
  return {
    network: checked.network,
    scope: checked.scope,
    period: checked.period,
    by: checked.by,
    from,
    to,
    threshold: checked.threshold,
    columns,
    rows: periods.map((period, r) => ({
      period: period.key,
      cells: record(published.cells[r] ?? []),
      total: published.rowTotals[r] ?? 0,
    })),
    totals: { cells: record(published.columnTotals), total: published.total },
  };
}

function checkQuery(query: StatisticsQuery): StatisticsQuery {
  const parsed = querySchema.safeParse(query);
  if (parsed.success) return parsed.data;
  throw new RequestInvalidError(
    'invalid statistics query',
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

/**
 * The exchanges of the range in the query's scope, in seq order. The range is first turned
 * into the span of seqs its entries lie in (through the index on `at`), then read in windows
 * of `batchSize` seqs: seqs have no gaps, so a window holds at most that many entries, and
 * each query is a range of an index on seq whichever index the database picks (a LIMIT
 * would have it sort the whole rest of the span of a scope's index on every batch). An
 * entry of the span whose time falls outside the range (an entry may carry its own time) is
 * dropped here.
 */
async function* exchangesOf(
  db: Kysely<Database>,
  query: StatisticsQuery,
  from: string,
  to: string,
  batchSize: number,
): AsyncGenerator<AuditEntryView> {
  const span = await db
    .selectFrom('audit_entries')
    .select((eb) => [eb.fn.min('seq').as('first'), eb.fn.max('seq').as('last')])
    .where('at', '>=', from)
    .where('at', '<', to)
    .executeTakeFirst();
  if (span?.first == null || span.last == null) return;
  const last = Number(span.last);
  const { scope } = query;
  for (let after = Number(span.first) - 1; after < last; after += batchSize) {
    let select = db
      .selectFrom('audit_entries')
      .selectAll()
      .where('seq', '>', after)
      .where('seq', '<=', Math.min(after + batchSize, last))
      .where('network_id', '=', query.network)
      .where('event_type', 'in', EXCHANGES);
    if (scope.kind === 'organisation') {
      const { organisation } = scope;
      select = select.where((eb) => namesOrganisation(eb, organisation));
    }
    for (const row of await select.orderBy('seq').execute()) {
      const view = entryView(row);
      if (view.at < from || view.at >= to) continue;
      yield view;
    }
  }
}

/** The columns an exchange counts in: one, or by category and reason one for each value. */
function valuesOf(view: AuditEntryView, by: StatisticsDimension): string[] {
  const many = (values: readonly string[]) =>
    values.length === 0 ? [NO_VALUE] : [...new Set(values)];
  switch (by) {
    case 'organisation':
      return [view.requester?.organisation ?? NO_VALUE];
    case 'provider':
      return [view.provider ?? NO_VALUE];
    case 'recipient':
      return [view.recipient ?? NO_VALUE];
    case 'purpose':
      return [view.purpose ?? NO_VALUE];
    case 'decision':
      return [view.decision ?? NO_VALUE];
    case 'category':
      return many(view.requestedCategories ?? view.releasedCategories);
    case 'reason':
      return many(view.reasons.map((reason) => reason.code));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The table as CSV (RFC 4180, `\n` line ends) for the CLI: a header of `period`, the
 * columns and `total`, a line per period, and a last line of totals.
 */
export function statisticsCsv(table: StatisticsTable): string {
  const line = (fields: readonly (string | number)[]) => fields.map(csvField).join(',');
  const cellsOf = (cells: Readonly<Record<string, PublishedCount>>) =>
    table.columns.map((column) => cells[column] ?? 0);
  return [
    line(['period', ...table.columns, 'total']),
    ...table.rows.map((row) => line([row.period, ...cellsOf(row.cells), row.total])),
    line(['total', ...cellsOf(table.totals.cells), table.totals.total]),
    '',
  ].join('\n');
}

function csvField(field: string | number): string {
  const text = String(field);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
