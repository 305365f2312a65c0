import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { z } from 'zod';
import { entriesAsJsonLines } from '../export/jsonl-export.ts';
import { ldvJsonLines } from '../export/ldv-export.ts';
import type { AuditEntryView } from '../search/audit-entry-view.ts';
import { filterDetails } from '../search/read-record.ts';
import { type AuditCommand, type CliIo, EXIT_OK, UsageError } from './cli-io.ts';
import {
  DATABASE_OPTIONS,
  DATABASE_OPTIONS_USAGE,
  oneOf,
  parseCommand,
} from './command-options.ts';
import { withSession } from './with-session.ts';

const OPTIONS = {
  ...DATABASE_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
} as const;

const FORMATS = ['ldv', 'jsonl'] as const;

/** How often the progress line is rewritten: often enough to see it move, no more. */
const PROGRESS_EVERY_MS = 200;

const periodSchema = z
  .object({
    from: z.union(
      [z.iso.date(), z.iso.datetime({ offset: true })],
      'must be a date or an ISO 8601 instant',
    ),
    to: z.union(
      [z.iso.date(), z.iso.datetime({ offset: true })],
      'must be a date or an ISO 8601 instant',
    ),
  })
  .transform(({ from, to }) => ({ from: new Date(from), to: new Date(to) }))
  .refine(({ from, to }) => from < to, { message: 'must lie after --from', path: ['to'] });

export const EXPORT_USAGE = `usage: npm run audit -- export --from <date> --to <date> [--format ldv|jsonl] [--out <file>]

The entries of a period as JSON Lines, oldest first, streamed whatever the period's length:
  --format ldv     (default) Logboek Dataverwerkingen: the exchanges as OTLP JSON spans, one
                   ExportTraceServiceRequest a line (an OTLP/HTTP collector takes each line)
  --format jsonl   every entry of the period, one entry a line
  --from, --to     from inclusive, to exclusive: a date (midnight UTC) or an ISO 8601 instant
  --out <file>     write there (created or replaced, readable by its owner only) instead of
                   to standard output
On a terminal, stderr shows the entries read so far. Recorded as an audit.search entry.

${DATABASE_OPTIONS_USAGE}`;

export const exportCommand: AuditCommand = {
  name: 'export',
  summary: 'the entries of a period as JSON Lines: Logboek Dataverwerkingen (OTLP) or entries',
  usage: EXPORT_USAGE,
  async run(argv, io) {
    const { values } = parseCommand(argv, OPTIONS);
    const { help, format, out, from, to, ...session } = values;
    if (help === true) {
      io.out(EXPORT_USAGE);
      return EXIT_OK;
    }
    const chosen = oneOf(format, FORMATS, 'format', 'ldv');
    const period = periodSchema.safeParse({ from, to });
    if (!period.success) {
      const issue = period.error.issues[0];
      throw new UsageError(`--${issue?.path.join('.')}: ${issue?.message}`);
    }
    return withSession(session, io, async ({ store, network, record }) => {
      // Opened first, so that a file that cannot be written leaves no export in the trail.
      const file = out === undefined ? undefined : await openOutput(out);
      await record({ action: 'export', details: filterDetails({ from, to, format: chosen }) });
      const counted = countEntries(
        store.auditQueries.entriesOf({ network, ...period.data }),
        io.progress,
      );
      const lines = chosen === 'ldv' ? ldvJsonLines(counted) : entriesAsJsonLines(counted);
      try {
        if (file === undefined) await writeToStdout(lines, io);
        else await writeToFile(lines, file);
      } finally {
        io.progress?.('');
      }
      if (out !== undefined) io.out(`${counted.count} entries read, written to ${out}`);
      return EXIT_OK;
    });
  },
};

interface CountedEntries extends AsyncIterable<AuditEntryView> {
  readonly count: number;
}

/** The entries as they pass, counted, the count shown on the progress line now and then. */
function countEntries(
  entries: AsyncIterable<AuditEntryView>,
  progress: ((text: string) => void) | undefined,
): CountedEntries {
  const counted = {
    count: 0,
    async *[Symbol.asyncIterator]() {
      let shown = 0;
      for await (const entry of entries) {
        counted.count += 1;
        if (progress !== undefined && performance.now() - shown >= PROGRESS_EVERY_MS) {
          shown = performance.now();
          progress(`exporting: ${counted.count} entries read`);
        }
        yield entry;
      }
    },
  };
  return counted;
}

/** Readable by its owner only: an export names organisations, users and pseudonyms. */
async function openOutput(file: string): Promise<WriteStream> {
  const stream = createWriteStream(file, { mode: 0o600 });
  try {
    await once(stream, 'ready');
  } catch {
    throw new UsageError(`cannot write ${file}`);
  }
  return stream;
}

async function writeToFile(lines: AsyncIterable<string>, stream: WriteStream): Promise<void> {
  try {
    await write(lines, stream);
    stream.end();
    await finished(stream);
  } catch (error) {
    stream.destroy();
    throw error;
  }
}

async function writeToStdout(lines: AsyncIterable<string>, io: CliIo): Promise<void> {
  if (io.stdout === undefined) {
    for await (const line of lines) io.out(line.replace(/\n$/, ''));
    return;
  }
  await write(lines, io.stdout);
}

/** Waits for the stream to drain when it asks to, so that a slow reader holds up the export. */
async function write(lines: AsyncIterable<string>, stream: NodeJS.WritableStream): Promise<void> {
  for await (const line of lines) {
    if (!stream.write(line)) await once(stream, 'drain');
  }
}
