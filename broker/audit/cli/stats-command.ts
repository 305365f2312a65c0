import { filterDetails } from '../search/read-record.ts';
import {
  STATISTICS_DIMENSIONS,
  type StatisticsTable,
  statisticsCsv,
  statisticsParametersSchema,
} from '../statistics/exchange-statistics.ts';
import { type AuditCommand, EXIT_OK, UsageError } from './cli-io.ts';
import {
  DATABASE_OPTIONS,
  DATABASE_OPTIONS_USAGE,
  oneOf,
  parseCommand,
} from './command-options.ts';
import { textTable } from './text-table.ts';
import { withSession } from './with-session.ts';

const OPTIONS = {
  ...DATABASE_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  period: { type: 'string' },
  by: { type: 'string' },
  threshold: { type: 'string' },
  format: { type: 'string' },
} as const;

const FORMATS = ['table', 'csv', 'json'] as const;

export const STATS_USAGE = `usage: npm run audit -- stats --from <date> --to <date> --by <dimension>
         [--period month|quarter|year] [--threshold <n>] [--format table|csv|json]

Counts of exchanges (pulls and pushes) per period, for the privacy officer and the
steering group. Counts under the threshold show as <10, and further cells as ≥10 where a
hidden count could otherwise be worked out from the totals.
  --from, --to <date>       the periods counted: from inclusive, to exclusive, each widened
                            to whole periods (2026-01-01, or an ISO 8601 instant)
  --by <dimension>          ${STATISTICS_DIMENSIONS.join(' | ')}
  --period <p>              month (default), quarter or year
  --threshold <n>           counts below it are hidden; default 10
  --format table|csv|json   default table
Recorded as an audit.search entry.

${DATABASE_OPTIONS_USAGE}`;

export const statsCommand: AuditCommand = {
  name: 'stats',
  summary: 'counts of exchanges per period by a dimension, small counts hidden',
  usage: STATS_USAGE,
  async run(argv, io) {
    const { values } = parseCommand(argv, OPTIONS);
    const { help, format, from, to, period, by, threshold, ...session } = values;
    if (help === true) {
      io.out(STATS_USAGE);
      return EXIT_OK;
    }
    const output = oneOf(format, FORMATS, 'format', 'table');
    const query = { from, to, period, by, threshold };
    const parsed = statisticsParametersSchema.safeParse(query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`--${issue?.path.join('.')}: ${issue?.message}`);
    }
    return withSession(session, io, async ({ store, network, scope, record }) => {
      io.progress?.(`counting the exchanges from ${parsed.data.from.toISOString()}…`);
      const table = await store.auditQueries
        .statistics({ ...parsed.data, network, scope })
        .finally(() => io.progress?.(''));
      await record({ action: 'statistics', details: filterDetails(query) });
      if (output === 'json') io.out(JSON.stringify(table));
      else if (output === 'csv') io.out(statisticsCsv(table).trimEnd());
      else for (const line of tableLines(table)) io.out(line);
      return EXIT_OK;
    });
  },
};

function tableLines(table: StatisticsTable): string[] {
  const counts = (cells: StatisticsTable['totals']['cells']) =>
    table.columns.map((column) => String(cells[column] ?? 0));
  return [
    `exchanges by ${table.by} per ${table.period}, ${table.from} to ${table.to}, counts under ${table.threshold} hidden`,
    ...textTable(
      [table.period, ...table.columns, 'total'],
      [
        ...table.rows.map((row) => [row.period, ...counts(row.cells), String(row.total)]),
        ['total', ...counts(table.totals.cells), String(table.totals.total)],
      ],
    ),
  ];
}
