import type { ChainStatus } from '../status/chain-status.ts';
import { type AuditCommand, EXIT_OK } from './cli-io.ts';
import { DATABASE_OPTIONS, DATABASE_OPTIONS_USAGE, parseCommand } from './command-options.ts';
import { withSession } from './with-session.ts';

const OPTIONS = { ...DATABASE_OPTIONS, json: { type: 'boolean' } } as const;

export const STATUS_USAGE = `usage: npm run audit -- status [--json]

The chain as it stands: its entries, its head, and the last signed checkpoint with its age
and the entries appended since. It reads no entry, so it is not recorded. It does not
verify: the broker's scheduled verification reports in GET /v1/audit/status, and
npm run audit -- verify checks the whole trail now (exit 1 when it is broken).

${DATABASE_OPTIONS_USAGE}`;

export const statusCommand: AuditCommand = {
  name: 'status',
  summary: 'entries, head and the last signed checkpoint of the chain',
  usage: STATUS_USAGE,
  async run(argv, io) {
    const { values } = parseCommand(argv, OPTIONS);
    const { help, json, ...session } = values;
    if (help === true) {
      io.out(STATUS_USAGE);
      return EXIT_OK;
    }
    return withSession(session, io, async ({ store }) => {
      // The broker's verification outcome lives in the broker's process, not the database.
      const status = await store.auditQueries.status(new Date(), null);
      if (json === true) io.out(JSON.stringify(status));
      else for (const line of statusLines(status)) io.out(line);
      return EXIT_OK;
    });
  },
};

function statusLines(status: ChainStatus): string[] {
  const checkpoint = status.lastCheckpoint;
  return [
    `entries:          ${status.entries}`,
    `head:             ${status.head.seq} ${status.head.hash}`,
    checkpoint === null
      ? 'last checkpoint:  none yet'
      : `last checkpoint:  ${checkpoint.seq} ${checkpoint.hash}, signed ${checkpoint.at} (${age(checkpoint.ageSeconds)} ago), ${checkpoint.entriesSince} entries since`,
    'verification:     npm run audit -- verify',
  ];
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
