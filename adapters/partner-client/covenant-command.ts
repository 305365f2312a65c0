import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import canonicalize from 'canonicalize';
import { COVENANT_DECISIONS, type CovenantDecision } from '../contract/covenant-decision.ts';
import {
  actingUser,
  brokerOptions,
  type CliInput,
  type CliOutput,
  CONNECTION_OPTIONS,
  clientFiles,
  resolvedConnection,
} from './cli-connection.ts';
import { signCovenantDecision } from './covenant-decision-signer.ts';
import { type BrokerResponse, PartnerClient } from './partner-client.ts';
import { problemLine } from './problem-line.ts';
import { required, UsageError } from './usage-error.ts';

export const COVENANT_SUBCOMMANDS = ['show', 'propose', ...COVENANT_DECISIONS] as const;

export const COVENANT_USAGE = `  covenant <${COVENANT_SUBCOMMANDS.join('|')}>
                the network's covenant: its versions and the partners' signed decisions
    covenant show           GET /v1/covenant: the version in force, the versions proposed,
                              and who accepted, rejected or revoked what
    covenant show <id>      GET /v1/covenant/versions/{versionId}: the whole content and
                              every signed decision
    covenant propose <content.json>
                            POST /v1/covenant/versions (the process director): propose
                              the content the policy bundle will hold
    covenant accept|reject|revoke <id>
                            POST /v1/covenant/versions/{versionId}/decisions: reads the
                              version, checks that its content hashes to <id>, and signs
                              the decision with your partner certificate's key (--cert,
                              --key), the certificate this connection presents
                Exit 0 on a 2xx answer; 1 on a problem, with one line
                "partner: the broker answered <status> <code>: <detail>"; 2 on a wrong
                command line.`;

/** A proposal is the covenant's data.json: tens of kilobytes, never megabytes. */
const MAX_CONTENT_BYTES = 1024 * 1024;

/**
 * `npm run partner -- covenant <subcommand>`: reads the covenant, proposes a version, or
 * signs and sends the organisation's decision about one. A decision is signed only for
 * content this client read from the broker and hashed itself, so what it signs is what
 * the partner could read.
 */
export async function runCovenantCommand(
  argv: readonly string[],
  output: CliOutput,
  input: CliInput,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...CONNECTION_OPTIONS, json: { type: 'boolean' } },
  });
  if (values.help === true) {
    output.out(`Usage: npm run partner -- covenant <command> [options]\n\n${COVENANT_USAGE}`);
    return 0;
  }
  const [subcommand, argument] = positionals;
  if (!(COVENANT_SUBCOMMANDS as readonly (string | undefined)[]).includes(subcommand)) {
    throw new UsageError(`covenant needs one of ${COVENANT_SUBCOMMANDS.join(', ')} (see --help)`);
  }
  const settings = await resolvedConnection(values, input);
  const user = actingUser(settings, subcommand === 'propose' ? 'process_director' : undefined);
  const files = clientFiles(settings);
  const content = subcommand === 'propose' ? await readContent(argument) : undefined;
  const client = await PartnerClient.fromFiles(files, { ...brokerOptions(settings), user });
  try {
    const response = await call(client, subcommand, argument, content, files);
    if (response.status < 200 || response.status >= 300) {
      output.err(`partner: ${problemLine(response.status, response.body)}`);
      return 1;
    }
    output.out(
      JSON.stringify(JSON.parse(response.body), null, values.json === true ? undefined : 2),
    );
    return 0;
  } finally {
    client.close();
  }
}

async function call(
  client: PartnerClient,
  subcommand: string | undefined,
  argument: string | undefined,
  content: unknown,
  files: { readonly certificate: string; readonly privateKey: string },
): Promise<BrokerResponse> {
  if (subcommand === 'show') {
    return argument === undefined
      ? client.request('GET', '/v1/covenant')
      : client.request('GET', versionPath(argument));
  }
  if (subcommand === 'propose') return client.request('POST', '/v1/covenant/versions', content);
  const id = required(argument, 'version id (covenant <decision> <id>)');
  const decision = subcommand as CovenantDecision;
  const covenant = await client.request('GET', '/v1/covenant');
  if (covenant.status !== 200) return covenant;
  const version = await client.request('GET', versionPath(id));
  if (version.status !== 200) return version;
  const read = JSON.parse(version.body) as { content?: unknown };
  if (contentId(read.content) !== id) {
    throw new Error(`the content the broker sent does not hash to ${id}: nothing was signed`);
  }
  const jws = await signCovenantDecision(
    {
      certificatePem: await readFile(files.certificate, 'utf8'),
      privateKeyPem: await readFile(files.privateKey, 'utf8'),
    },
    { network: (JSON.parse(covenant.body) as { network: string }).network, version: id, decision },
  );
  return client.request('POST', `${versionPath(id)}/decisions`, { jws });
}

function versionPath(id: string): string {
  if (!/^sha256:[0-9a-f]{64}$/.test(id)) {
    throw new UsageError('a covenant version id is sha256:<64 hex digits>');
  }
  return `/v1/covenant/versions/${id}`;
}

/** The id as the broker computes it: SHA-256 of the RFC 8785 canonical JSON. */
function contentId(content: unknown): string | undefined {
  const canonical = canonicalize(content);
  return canonical === undefined
    ? undefined
    : `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

async function readContent(file: string | undefined): Promise<unknown> {
  const text = await readFile(
    required(file, 'content file (covenant propose <content.json>)'),
    'utf8',
  );
  if (text.length > MAX_CONTENT_BYTES) throw new UsageError(`${file} is too long for a covenant`);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not valid JSON`);
  }
}
