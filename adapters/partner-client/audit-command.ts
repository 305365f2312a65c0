import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { AUDIT_SUBCOMMANDS, type AuditCall, auditCall } from './audit-requests.ts';
import {
  actingUser,
  brokerOptions,
  type CliInput,
  type CliOutput,
  CONNECTION_OPTIONS,
  clientFiles,
  resolvedConnection,
} from './cli-connection.ts';
import { PartnerClient, type StreamedResponse } from './partner-client.ts';
import { problemLine } from './problem-line.ts';

export const AUDIT_USAGE = `  audit <${AUDIT_SUBCOMMANDS.join('|')}>
                the privacy officer's audit API, as --role privacy_officer unless given.
                A national identifier is read from standard input, never from the command
                line: echo <id> | npm run partner -- audit search --person
    audit search    GET /v1/audit/entries: [--from <instant>] [--to <instant>]
                      [--requester|--provider|--recipient <org>] [--case <id>]
                      [--purpose <id>] [--type <type>] [--decision allow|deny]
                      [--reason <CODE>] [--exchange <id>] [--trace <hex32>]
                      [--limit <n>] [--cursor <next>]
                    --person: POST /v1/audit/entries with the identifier on stdin
    audit entry <seq>   GET /v1/audit/entries/{seq}
    audit subject   POST /v1/audit/subject-access, identifier on stdin:
                      [--copy person|privacy_officer] [--format json|pdf] [--out <file>]
                      (pdf needs --out)
    audit stats     GET /v1/audit/statistics: --from <date> --to <date> --by <dimension>
                      [--period month|quarter|year] [--threshold <n>]
    audit status    GET /v1/audit/status
    audit export    GET /v1/audit/export, streamed: --from <instant> --to <instant>
                      [--format ldv|jsonl] [--out <file>]
                Exit 0 on a 2xx answer; 1 on a problem, with one line
                "partner: the broker answered <status> <code>: <detail>"; 2 on a wrong
                command line.`;

const AUDIT_OPTIONS = {
  ...CONNECTION_OPTIONS,
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
  copy: { type: 'string' },
  format: { type: 'string' },
  period: { type: 'string' },
  by: { type: 'string' },
  threshold: { type: 'string' },
  out: { type: 'string' },
} as const;

/** Bounds the text of a problem answer read for its one line. */
const MAX_PROBLEM_BYTES = 64 * 1024;

/**
 * `npm run partner -- audit <subcommand> [options]`: one call to the audit API with a
 * fresh assertion. A JSON answer is printed as it came; a PDF or an export is streamed to
 * `--out` (or, an export, to standard output). A problem answer is one line with its code
 * and detail, and exit 1.
 */
export async function runAuditCommand(
  argv: readonly string[],
  output: CliOutput,
  input: CliInput,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: AUDIT_OPTIONS,
  });
  if (values.help === true) {
    output.out(`Usage: npm run partner -- audit <command> [options]\n\n${AUDIT_USAGE}`);
    return 0;
  }
  const [subcommand, argument] = positionals;
  const settings = await resolvedConnection(values, input);
  const user = actingUser(settings, 'privacy_officer');
  const files = clientFiles(settings);
  const call = await auditCall(subcommand, argument, values, () => input.readStdin());
  const client = await PartnerClient.fromFiles(files, { ...brokerOptions(settings), user });
  try {
    const response = await client.stream(call.method, call.path, call.body, call.accept);
    if (response.status < 200 || response.status >= 300) {
      output.err(`partner: ${await problemLineOf(response)}`);
      return 1;
    }
    await deliver(response, call, output);
    return 0;
  } finally {
    client.close();
  }
}

/** To the file of `--out`, readable by its owner only; otherwise to standard output. */
async function deliver(response: StreamedResponse, call: AuditCall, output: CliOutput) {
  if (call.out !== undefined) {
    const file = createWriteStream(call.out, { mode: 0o600 });
    await once(file, 'ready');
    await pipeline(response.body, file);
    output.out(`written to ${call.out}`);
    return;
  }
  if (call.streamed === true && output.stream !== undefined) {
    await pipeline(response.body, output.stream, { end: false });
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  output.out(Buffer.concat(chunks).toString('utf8').replace(/\n$/, ''));
}

/** The problem's one line, from at most `MAX_PROBLEM_BYTES` of its body. */
async function problemLineOf(response: StreamedResponse): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of response.body) {
    bytes += (chunk as Buffer).byteLength;
    if (bytes > MAX_PROBLEM_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return problemLine(response.status, Buffer.concat(chunks).toString('utf8'));
}
