import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CASE_ROLES } from '../../policies/vocabulary/case-roles.ts';
import { AUDIT_USAGE, runAuditCommand } from './audit-command.ts';
import {
  actingUser,
  type CliInput,
  type CliOutput,
  CONNECTION_OPTIONS,
  clientFiles,
  isParseError,
  PROCESS_INPUT,
} from './cli-connection.ts';
import { type BrokerCall, type ExchangeOptions, pullCall, pushCall } from './exchange-requests.ts';
import { PartnerClient } from './partner-client.ts';
import { required, UsageError } from './usage-error.ts';
import { UserAssertionSigner } from './user-assertion-signer.ts';

export const USAGE = `Usage: npm run partner -- <command> [options]

Calls the ZVH broker as a partner system: mutual TLS with the partner certificate and a
fresh user assertion (ZVH-Assertion header) on every request.

Commands:
  whoami        GET /v1/whoami: who the broker takes you to be
  get <path>    GET any broker path and print the answer
  pull          POST /v1/cases/{case}/persons/{person}/pull: data about a person from the
                partners the policy allows
                  --case <id> --person <id> --purpose <purpose> --categories <a,b>
                  [--providers <organisation,...>]
  push          POST /v1/cases/{case}/push: send data to the case's partners
                  --case <id> [--person <id>] --purpose <purpose>
                  --data <file.json | ->  {"<category>": {"<field>": <value>}}; - reads stdin
                  [--recipients <organisation,...>]
  assertion     print a fresh user assertion (for curl); needs no --ca or --broker
${AUDIT_USAGE}

Options:
  --cert <file>       partner certificate (PEM)
  --key <file>        its private key (PEM)
  --ca <file>         the network CA (PEM)
  --user <id>         the acting employee's id            (sub)
  --name <name>       the employee's display name         (name)
  --role <role>       ${CASE_ROLES.join(' | ')}
  --broker <url>      default https://localhost:8443
  --audience <aud>    the broker's audience, default urn:zvh-broker:bonaire
  -h, --help          show this text`;

const COMMANDS = ['whoami', 'get', 'pull', 'push', 'assertion'] as const;

/**
 * Runs one partner CLI command; returns the exit code (0 on a 2xx answer). Problems are
 * one line on `err`; the broker's body goes to `out` either way.
 */
export async function runPartnerCli(
  argv: readonly string[],
  output: CliOutput,
  input: CliInput = PROCESS_INPUT,
): Promise<number> {
  try {
    return await run(argv, output, input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.err(`partner: ${message.replace(/\. To specify[\s\S]*$/, '').split('\n')[0]}`);
    return error instanceof UsageError || isParseError(error) ? 2 : 1;
  }
}

async function run(argv: readonly string[], output: CliOutput, input: CliInput): Promise<number> {
  if (argv[0] === 'audit') return runAuditCommand(argv.slice(1), output, input);
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...CONNECTION_OPTIONS,
      case: { type: 'string' },
      person: { type: 'string' },
      purpose: { type: 'string' },
      categories: { type: 'string' },
      providers: { type: 'string' },
      data: { type: 'string' },
      recipients: { type: 'string' },
    },
  });
  const [command, path] = positionals;
  if (values.help === true) {
    output.out(USAGE);
    return 0;
  }
  if (command === undefined) throw new UsageError('missing <command> (see --help)');
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}" (see --help)`);
  }
  const user = actingUser(values);
  const certificate = required(values.cert, 'cert');
  const privateKey = required(values.key, 'key');
  if (command === 'assertion') {
    const signer = UserAssertionSigner.create({
      certificatePem: await readFile(certificate, 'utf8'),
      privateKeyPem: await readFile(privateKey, 'utf8'),
      audience: values.audience,
    });
    output.out(await signer.sign(user));
    return 0;
  }
  const call = await brokerCall(command, path, values, input);
  const client = await PartnerClient.fromFiles(clientFiles(values), {
    broker: values.broker,
    audience: values.audience,
    user,
  });
  try {
    const response = await client.request(call.method, call.path, call.body);
    output.out(response.body);
    if (response.status >= 200 && response.status < 300) return 0;
    output.err(`partner: the broker answered ${response.status}`);
    return 1;
  } finally {
    client.close();
  }
}

async function brokerCall(
  command: string,
  path: string | undefined,
  options: ExchangeOptions,
  input: CliInput,
): Promise<BrokerCall> {
  switch (command) {
    case 'pull':
      return pullCall(options);
    case 'push':
      return pushCall(options, () => input.readStdin());
    case 'get':
      return { method: 'GET', path: required(path, 'path (get <path>)') };
    default:
      return { method: 'GET', path: '/v1/whoami' };
  }
}
