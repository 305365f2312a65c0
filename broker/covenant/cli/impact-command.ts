import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { openAuditSession } from '../../audit/cli/audit-session.ts';
import { type AuditCommand, EXIT_OK, UsageError } from '../../audit/cli/cli-io.ts';
import {
  DATABASE_OPTIONS,
  DATABASE_OPTIONS_USAGE,
  parseCommand,
} from '../../audit/cli/command-options.ts';
import { policyVerificationKeyFromPem } from '../../policy/policy-bundle-signature.ts';
import { loadCandidatePolicy } from '../impact/candidate-policy.ts';
import { impactReportRead } from '../impact/impact-read.ts';
import {
  DEFAULT_IMPACT_DAYS,
  impactReport,
  impactWindowEndingAt,
  MAX_IMPACT_DAYS,
} from '../impact/impact-report.ts';
import { impactLines } from '../impact/impact-text.ts';

const OPTIONS = {
  ...DATABASE_OPTIONS,
  candidate: { type: 'string' },
  'verification-key': { type: 'string' },
  days: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const USAGE = `usage: npm run covenant -- impact --candidate <bundle dir> [--days <n>] [--json]

Decides the pulls and pushes of the last days again under a candidate policy bundle, on
the inputs the broker kept of them (the same time, facts and parties), and prints per
partner, purpose, category and reason how many categories it let go that the candidate
would withhold, and the reverse, with a total line. The partner is the organisation that
receives the data; names come from the candidate's covenant. The candidate decides as
if its covenant were in force over the whole window, so that a renewal whose term starts
later is judged by its rules; the report names the term it states. Nothing is sent to any
adapter and nothing is activated; the run is recorded as an audit.search entry (action
covenant_impact) of the network's process director, naming --as.
  --candidate <dir>   the bundle directory (.manifest, policy.wasm, data.json)
  --verification-key <pem>
                      refuse a candidate that does not verify with this public key, as
                      the broker refuses a bundle it would activate
  --days <n>          the window: the last n days, 1 to ${MAX_IMPACT_DAYS}; default ${DEFAULT_IMPACT_DAYS}
  --json              the report as one JSON document instead of lines

${DATABASE_OPTIONS_USAGE}`;

/** `npm run covenant -- impact`: the impact of a candidate bundle on recent decisions. */
export const impactCommand: AuditCommand = {
  name: 'impact',
  summary: 'what a candidate bundle would decide differently on the last days',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommand(argv, OPTIONS);
    const { help, candidate, days, json, 'verification-key': verificationKey, ...session } = values;
    if (help === true) {
      io.out(USAGE);
      return EXIT_OK;
    }
    if (candidate === undefined) throw new UsageError('--candidate <bundle dir> is needed');
    const window = impactWindowEndingAt(new Date(), windowDays(days));
    const { from, to } = window;
    const policy = await loadCandidatePolicy(candidate, {
      judgedOver: { from, to },
      ...(verificationKey === undefined
        ? {}
        : { verificationKey: await verificationKeyFrom(verificationKey) }),
    });
    const opened = await openAuditSession(session, io.env);
    try {
      const { store, network } = opened;
      const report = await impactReport(
        store.decisions.between(network, from, to),
        {
          revision: policy.revision,
          engine: policy.engine,
          partnerNames: policy.partnerNames(network),
          term: policy.term(network),
        },
        { network, ...window },
      );
      const { coordinatorOrganisation } = await store.networks.getNetwork(network);
      await store.audit.append(
        impactReportRead({
          network,
          reader: {
            organisation: coordinatorOrganisation,
            user: session.as ?? userInfo().username,
            role: 'process_director',
          },
          via: 'cli',
          report,
        }),
      );
      if (json === true) io.out(JSON.stringify(report));
      else for (const line of impactLines(report)) io.out(line);
      return EXIT_OK;
    } finally {
      await opened.close();
    }
  },
};

function windowDays(value: string | undefined): number {
  if (value === undefined) return DEFAULT_IMPACT_DAYS;
  const days = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(days >= 1 && days <= MAX_IMPACT_DAYS)) {
    throw new UsageError(`--days must be a whole number from 1 to ${MAX_IMPACT_DAYS}`);
  }
  return days;
}

async function verificationKeyFrom(path: string) {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`--verification-key: cannot read ${path}`);
  }
  try {
    return await policyVerificationKeyFromPem(pem);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^[A-Z_]+: /, '') : String(error);
    throw new UsageError(`--verification-key ${path}: ${why}`);
  }
}
