import { writeFile } from 'node:fs/promises';
import { readPolicyBundle } from '../../policy/policy-bundle.ts';
import { covenantPurposeTitles } from '../../policy/purpose-titles.ts';
import { subjectAccessPdf } from '../subject-access/subject-access-pdf.ts';
import type { Organisation, SubjectAccessReport } from '../subject-access/subject-access-report.ts';
import { type AuditCommand, EXIT_OK, UsageError } from './cli-io.ts';
import {
  DATABASE_OPTIONS,
  DATABASE_OPTIONS_USAGE,
  oneOf,
  parseCommand,
} from './command-options.ts';
import { nationalIdFromStdin } from './national-id-input.ts';
import { cell, textTable } from './text-table.ts';
import { withSession } from './with-session.ts';

const OPTIONS = {
  ...DATABASE_OPTIONS,
  copy: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'policy-bundle': { type: 'string' },
} as const;

const COPIES = ['person', 'privacy_officer'] as const;
const FORMATS = ['text', 'json', 'pdf'] as const;

export const SUBJECT_USAGE = `usage: echo <national id> | npm run audit -- subject [--copy person|privacy_officer]
         [--format text|json|pdf] [--out <file>]

A person's subject access report: every exchange about them in every case of the network,
allowed and denied. The national identifier is read from standard input, one line, never
from the command line; it is not printed or stored (the trail records the pseudonym).
  --copy person             (default) the letter's copy: what an investigation in force
                            withholds is left out without a trace
  --copy privacy_officer    every exchange, the withheld ones marked with the formal
                            request and until when
  --format text|json|pdf    default text; pdf needs --out
  --out <file>              write the report there instead of to standard output
  --policy-bundle <dir>     the purposes' titles; BROKER_POLICY_BUNDLE, default policies/bundle
Recorded as an audit.search entry. Exit 0 also for a person without exchanges.

${DATABASE_OPTIONS_USAGE}`;

export const subjectCommand: AuditCommand = {
  name: 'subject',
  summary: "a person's subject access report (identifier on stdin), as text, JSON or PDF",
  usage: SUBJECT_USAGE,
  async run(argv, io) {
    const { values } = parseCommand(argv, OPTIONS);
    const { help, copy, format, out, 'policy-bundle': bundle, ...session } = values;
    if (help === true) {
      io.out(SUBJECT_USAGE);
      return EXIT_OK;
    }
    const reportCopy = oneOf(copy, COPIES, 'copy', 'person');
    const reportFormat = oneOf(format, FORMATS, 'format', 'text');
    if (reportFormat === 'pdf' && out === undefined) {
      throw new UsageError('--format pdf needs --out <file>');
    }
    const nationalId = await nationalIdFromStdin(io.readStdin);
    return withSession(session, io, async ({ store, config, network, record }) => {
      const purposeTitles = covenantPurposeTitles(
        (await readPolicyBundle(bundle ?? config.policyBundleDir)).data,
        network,
      );
      const personPseudonym = store.persons.pseudonymOf(nationalId);
      const report = await store.auditQueries.subjectAccess(
        { network, personPseudonym, at: new Date(), copy: reportCopy },
        { purposeTitles },
      );
      await record({
        action: 'subject_access',
        personPseudonym,
        details: { copy: reportCopy, format: reportFormat, rows: report.rows.length },
      });
      const lines = reportFormat === 'json' ? [JSON.stringify(report)] : reportLines(report);
      if (out === undefined) {
        for (const line of lines) io.out(line);
        return EXIT_OK;
      }
      const written =
        reportFormat === 'pdf' ? await subjectAccessPdf(report) : `${lines.join('\n')}\n`;
      // Readable by its owner only: the report is about one person.
      await writeFile(out, written, { mode: 0o600 });
      io.out(`${report.rows.length} exchanges written to ${out}`);
      return EXIT_OK;
    });
  },
};

/** The report as a table: when, from whom to whom, what, why, and what came of it. */
function reportLines(report: SubjectAccessReport): string[] {
  const officer = report.copy === 'privacy_officer';
  const heading = `subject access report, ${officer ? "privacy officer's copy" : "the person's copy"}, ${report.network.name}, ${report.at}`;
  if (report.rows.length === 0) return [heading, 'no exchanges'];
  const name = (organisation: Organisation | null) =>
    organisation === null ? '-' : (organisation.name ?? organisation.id);
  const table = textTable(
    [
      'seq',
      'at',
      'event',
      'from',
      'to',
      'categories',
      'purpose',
      'grounds',
      'decision',
      ...(officer ? ['withheld'] : []),
    ],
    report.rows.map((row) => [
      String(row.seq),
      row.at,
      row.event,
      name(row.provider),
      name(row.recipient),
      (row.decision === 'allow' ? row.releasedCategories : (row.requestedCategories ?? [])).join(
        ', ',
      ) || '-',
      cell(row.purpose?.title ?? row.purpose?.id),
      [...new Set(Object.values(row.grounds).map((ground) => ground.type))].join(', ') || '-',
      cell(row.decision),
      ...(officer
        ? [row.withheld === undefined ? '' : `${row.withheld.purpose} until ${row.withheld.until}`]
        : []),
    ]),
  );
  return [heading, ...table, `${report.rows.length} exchanges`];
}
