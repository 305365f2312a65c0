import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CASE_ROLES } from '../../policies/vocabulary/case-roles.ts';
import { AUDIT_USAGE, runAuditCommand } from './audit-command.ts';
import {
  actingUser,
  brokerOptions,
  type CliInput,
  type CliOutput,
  CONNECTION_OPTIONS,
  clientFiles,
  isParseError,
  PROCESS_INPUT,
  resolvedConnection,
} from './cli-connection.ts';
import {
  operationCommand,
  operationCommandList,
  runOperationCommand,
} from './commands/operation-command.ts';
import { CONFIG_ENVIRONMENT, SETTING_ENVIRONMENT } from './connection-settings.ts';
import { COVENANT_USAGE, runCovenantCommand } from './covenant-command.ts';
import { type BrokerCall, type ExchangeOptions, pullCall, pushCall } from './exchange-requests.ts';
import { PartnerClient } from './partner-client.ts';
import { required, UsageError } from './usage-error.ts';
import { UserAssertionSigner } from './user-assertion-signer.ts';

export const USAGE = `Usage: npm run partner -- <command> [options]

Calls the ZVH broker as a partner system: mutual TLS with the partner certificate and a
fresh user assertion (ZVH-Assertion header) on every request. npm run partner -- <command>
--help says what a command takes.

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
${operationCommandList()}
                Each prints the answer's JSON, indented, or on one line with --json; a
                problem is one line "partner: the broker answered <status> <code>: <detail>"
                on standard error, and exit 1.
${AUDIT_USAGE}
${COVENANT_USAGE}

Connection options (a flag, else its environment variable, else the config file):
  --config <file>     JSON {"cert": "...", ...} or key=value lines with the keys below;
                      relative file names are relative to it      ${CONFIG_ENVIRONMENT}
  --cert <file>       partner certificate (PEM)                    ${SETTING_ENVIRONMENT.cert}
  --key <file>        its private key (PEM)                        ${SETTING_ENVIRONMENT.key}
  --ca <file>         the network CA (PEM)                         ${SETTING_ENVIRONMENT.ca}
  --user <id>         the acting employee's id (sub)               ${SETTING_ENVIRONMENT.user}
  --name <name>       the employee's display name (name)           ${SETTING_ENVIRONMENT.name}
  --role <role>       ${CASE_ROLES.join(' | ')}
                                                                   ${SETTING_ENVIRONMENT.role}
  --broker <url>      default https://localhost:8443               ${SETTING_ENVIRONMENT.broker}
  --audience <aud>    default urn:zvh-broker:bonaire               ${SETTING_ENVIRONMENT.audience}
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
  if (argv[0] === 'covenant') return runCovenantCommand(argv.slice(1), output, input);
  const operation = operationCommand(argv[0]);
  if (operation !== undefined) return runOperationCommand(operation, argv.slice(1), output, input);
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
  const settings = await resolvedConnection(values, input);
  const user = actingUser(settings);
  const certificate = required(settings.cert, 'cert');
  const privateKey = required(settings.key, 'key');
  if (command === 'assertion') {
    const signer = UserAssertionSigner.create({
      certificatePem: await readFile(certificate, 'utf8'),
      privateKeyPem: await readFile(privateKey, 'utf8'),
      audience: brokerOptions(settings).audience,
    });
    output.out(await signer.sign(user));
    return 0;
  }
  const call = await brokerCall(command, path, values, input);
  const client = await PartnerClient.fromFiles(clientFiles(settings), {
    ...brokerOptions(settings),
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
