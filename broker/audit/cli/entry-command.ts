import { type AuditCommand, EXIT_NOT_FOUND, EXIT_OK, UsageError } from './cli-io.ts';
import { DATABASE_OPTIONS, DATABASE_OPTIONS_USAGE, parseCommand } from './command-options.ts';
import { entryDetailLines } from './entry-lines.ts';
import { withSession } from './with-session.ts';

const OPTIONS = { ...DATABASE_OPTIONS, json: { type: 'boolean' } } as const;

export const ENTRY_USAGE = `usage: npm run audit -- entry <seq> [--json]

One entry in full, with the signed checkpoint that covers it (none yet for the newest).
--json prints {"entry": {...}, "coveredBy": {...}|null}. Recorded as an audit.search entry.
Exit 1 when the trail has no entry <seq> in the network.

${DATABASE_OPTIONS_USAGE}`;

export const entryCommand: AuditCommand = {
  name: 'entry',
  summary: 'one entry in full, with the checkpoint that signs it',
  usage: ENTRY_USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommand(argv, OPTIONS, 1);
    const { help, json, ...session } = values;
    if (help === true) {
      io.out(ENTRY_USAGE);
      return EXIT_OK;
    }
    const seq = Number(positionals[0]);
    if (!/^[1-9][0-9]{0,15}$/.test(positionals[0] ?? '') || !Number.isSafeInteger(seq)) {
      throw new UsageError('entry needs the entry number: npm run audit -- entry <seq>');
    }
    return withSession(session, io, async ({ store, network, scope, record }) => {
      const found = await store.auditQueries.entry(network, scope, seq);
      if (found === undefined) {
        io.err(`audit: no entry ${seq} in the trail of ${network}`);
        return EXIT_NOT_FOUND;
      }
      await record({
        action: 'entry',
        caseId: found.entry.caseId ?? undefined,
        personPseudonym: found.entry.personPseudonym ?? undefined,
        details: { seq },
      });
      if (json === true) io.out(JSON.stringify(found));
      else for (const line of entryDetailLines(found)) io.out(line);
      return EXIT_OK;
    });
  },
};
