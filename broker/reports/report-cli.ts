import { userInfo } from 'node:os';
import { openAuditSession } from '../audit/cli/audit-session.ts';
import {
  type CliIo,
  describeError,
  EXIT_FAILED,
  EXIT_OK,
  UsageError,
} from '../audit/cli/cli-io.ts';
import {
  DATABASE_OPTIONS,
  DATABASE_OPTIONS_USAGE,
  oneOf,
  parseCommand,
} from '../audit/cli/command-options.ts';
import { caseReportParametersSchema, MAX_REPORT_YEARS } from './case-report.ts';
import { caseReportCsv } from './case-report-csv.ts';
import { caseReportRead } from './report-reader.ts';

const OPTIONS = {
  ...DATABASE_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  threshold: { type: 'string' },
  format: { type: 'string' },
} as const;

const FORMATS = ['csv', 'json'] as const;

export const REPORT_USAGE = `usage: npm run report -- --from <year> --to <year> [--threshold <n>] [--format csv|json]

The yearly report of the network's cases, as the process director writes it: cases per
case type, outcomes, persons by gender and age band, life domains, counted by the year
the cases closed. Cases whose data the retention job deleted still count: each closed
case leaves an anonymous record. Counts under the threshold show as <10, and further
counts as ≥10 where a hidden count could otherwise be worked out from the totals.
  --from, --to <year>   the years of closing, both included; at most ${MAX_REPORT_YEARS} years
  --threshold <n>       counts below it are hidden; default 10
  --format csv|json     default csv: a line per count, table,row,column,count
Recorded as an audit.search entry (action case_report) of the network's process
director, naming --as.

${DATABASE_OPTIONS_USAGE}

Exit codes: 0 done; 2 a wrong command line or an error, with one line "report: <what>"
on stderr.`;

/**
 * `npm run report`: the case report on the broker's database, printed to standard output.
 *
 * @example
 * process.exitCode = await runReportCli(process.argv.slice(2), io);
 */
export async function runReportCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await report(argv, io);
  } catch (error) {
    const usage = error instanceof UsageError ? ' (npm run report -- --help)' : '';
    io.err(`report: ${describeError(error)}${usage}`);
    return EXIT_FAILED;
  }
}

async function report(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, OPTIONS);
  const { help, format, from, to, threshold, ...session } = values;
  if (help === true) {
    io.out(REPORT_USAGE);
    return EXIT_OK;
  }
  const output = oneOf(format, FORMATS, 'format', 'csv');
  if (from === undefined || to === undefined) throw new UsageError('--from and --to are needed');
  const parsed = caseReportParametersSchema.safeParse({ from, to, threshold });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${issue?.path.join('.')}: ${issue?.message}`);
  }
  const opened = await openAuditSession(session, io.env);
  try {
    const { store, network } = opened;
    const table = await store.caseReports.report(network, parsed.data);
    const { coordinatorOrganisation } = await store.networks.getNetwork(network);
    await store.audit.append(
      caseReportRead({
        network,
        reader: {
          organisation: coordinatorOrganisation,
          user: session.as ?? userInfo().username,
          role: 'process_director',
        },
        via: 'cli',
        details: { ...parsed.data, format: output },
      }),
    );
    io.out(output === 'json' ? JSON.stringify(table) : caseReportCsv(table).trimEnd());
    return EXIT_OK;
  } finally {
    await opened.close();
  }
}
