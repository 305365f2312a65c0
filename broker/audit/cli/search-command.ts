import { filterDetails } from '../search/read-record.ts';
import { type AuditCommand, EXIT_OK } from './cli-io.ts';
import { DATABASE_OPTIONS, DATABASE_OPTIONS_USAGE, parseCommand } from './command-options.ts';
import { entryTable } from './entry-lines.ts';
import { nationalIdFromStdin } from './national-id-input.ts';
import { parseSearchFlags } from './search-filters.ts';
import { withSession } from './with-session.ts';

const OPTIONS = {
  ...DATABASE_OPTIONS,
  person: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  requester: { type: 'string' },
  provider: { type: 'string' },
  recipient: { type: 'string' },
  case: { type: 'string' },
  purpose: { type: 'string' },
  type: { type: 'string' },
  decision: { type: 'string' },
  reason: { type: 'string' },
  exchange: { type: 'string' },
  trace: { type: 'string' },
  cursor: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const SEARCH_USAGE = `usage: npm run audit -- search [filters] [--person] [--limit <n>] [--cursor <c>] [--json]

Entries of the network's trail, newest first, a page at a time (default 25, at most 1000).
Every filter given narrows the search:
  --from <date|instant>     at or after (2026-03-01 is midnight UTC)
  --to <date|instant>       before
  --requester <org>         the organisation that asked or sent
  --provider <org>          pull: the holder; push: the sender
  --recipient <org>         pull: the requester; push: the receiver
  --case <id>               the case (UUID)
  --person                  the person whose national identifier is on standard input:
                              echo 123456782 | npm run audit -- search --person
  --purpose <id>            the covenant's purpose, e.g. case_meeting
  --type <type>             exchange.pull, exchange.push, access.refused, audit.search, ...
  --decision allow|deny
  --reason <CODE>           a reason code, or the code a request was refused with
  --exchange <id>           the exchange (UUID)
  --trace <hex32>           the trace id of a traceparent
  --cursor <c>              the next page: the cursor the previous page printed
  --json                    {"entries": [...], "next": cursor|null} for scripts

The search is itself an audit.search entry, naming --as and the filters (the person only
as the pseudonym). Exit 0 also when nothing matches.

${DATABASE_OPTIONS_USAGE}`;

export const searchCommand: AuditCommand = {
  name: 'search',
  summary:
    'search the trail by period, organisation, case, person, purpose, type, decision, reason, exchange or trace',
  usage: SEARCH_USAGE,
  async run(argv, io) {
    const { values } = parseCommand(argv, OPTIONS);
    const { help, person, json, database, network, 'state-dir': stateDir, as, ...flags } = values;
    if (help === true) {
      io.out(SEARCH_USAGE);
      return EXIT_OK;
    }
    const search = parseSearchFlags(flags);
    const nationalId = person === true ? await nationalIdFromStdin(io.readStdin) : undefined;
    return withSession({ database, network, 'state-dir': stateDir, as }, io, async (session) => {
      const personPseudonym =
        nationalId === undefined ? undefined : session.store.persons.pseudonymOf(nationalId);
      const page = await session.store.auditQueries.search({
        ...search.filters,
        ...(personPseudonym === undefined ? {} : { personPseudonym }),
        network: session.network,
        scope: session.scope,
        cursor: search.cursor,
        limit: search.limit,
      });
      await session.record({
        action: 'search',
        caseId: search.filters.caseId,
        personPseudonym,
        details: {
          ...filterDetails({ ...search.filters, limit: search.limit, cursor: search.cursor }),
          results: page.entries.length,
        },
      });
      if (json === true) {
        io.out(JSON.stringify(page));
        return EXIT_OK;
      }
      if (page.entries.length === 0) {
        io.out('no entries');
        return EXIT_OK;
      }
      for (const line of entryTable(page.entries)) io.out(line);
      io.out(
        page.next === null
          ? `${page.entries.length} entries`
          : `${page.entries.length} entries; older ones: --cursor ${page.next}`,
      );
      return EXIT_OK;
    });
  },
};
