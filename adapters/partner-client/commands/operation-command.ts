import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import {
  actingUser,
  brokerOptions,
  type CliInput,
  type CliOutput,
  CONNECTION_OPTIONS,
  clientFiles,
  resolvedConnection,
} from '../cli-connection.ts';
import { PartnerClient } from '../partner-client.ts';
import { problemLine } from '../problem-line.ts';
import { operationCall, pathParameterFlag, pathParameters } from './operation-call.ts';
import { OPERATION_COMMANDS, type OperationCommand } from './operation-table.ts';

/** The table's command of this name, if it has one. */
export function operationCommand(name: string | undefined): OperationCommand | undefined {
  return OPERATION_COMMANDS.find((command) => command.command === name);
}

/** Each command with what it does and its call, for the CLI's `--help`. */
export function operationCommandList(): string {
  const width = Math.max(14, ...OPERATION_COMMANDS.map((c) => c.command.length + 2));
  return OPERATION_COMMANDS.map(
    (c) => `  ${c.command.padEnd(width)}${c.summary}\n  ${''.padEnd(width)}  ${c.method} ${c.path}`,
  ).join('\n');
}

/** `npm run partner -- <command> --help`: the call, and each of its flags. */
export function operationUsage(command: OperationCommand): string {
  const lines = [
    `Usage: npm run partner -- ${command.command} [options]`,
    '',
    `${command.summary}: ${command.method} ${command.path}`,
    '',
  ];
  const flags: [string, string][] = [
    ...pathParameters(command.path).map((parameter): [string, string] => [
      `--${pathParameterFlag(parameter)} <id>`,
      parameter,
    ]),
    ...(command.query ?? []).map((q): [string, string] => [
      `--${q.flag}`,
      `${q.help}${q.required === true ? '' : ' (optional)'}`,
    ]),
    ...(command.body ?? []).map((b): [string, string] => [
      `--${b.flag}`,
      `${b.help}${b.required === true || b.default !== undefined ? '' : ' (optional)'}`,
    ]),
  ];
  if (command.body !== undefined) {
    flags.push(['--data <file.json|->', 'a JSON body to start from; flags override its fields']);
  }
  flags.push(['--json', 'the answer as one line of JSON (and a problem too, on stdout)']);
  const width = Math.max(...flags.map(([flag]) => flag.length)) + 2;
  lines.push(...flags.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`));
  if (command.stdinField !== undefined) {
    lines.push('', `The ${command.stdinField} is read from standard input, never from a flag.`);
  }
  lines.push(
    '',
    'Connection (flag, environment or config file): see npm run partner -- --help.',
    'Exit 0 on a 2xx answer; 1 on a problem, with one line',
    '"partner: the broker answered <status> <code>: <detail>"; 2 on a wrong command line.',
  );
  return lines.join('\n');
}

/**
 * Runs one command of the table: a fresh assertion, one call, and the answer's JSON on
 * standard output (indented, or one line with `--json`). A problem is one line on
 * standard error and exit 1.
 */
export async function runOperationCommand(
  command: OperationCommand,
  argv: readonly string[],
  output: CliOutput,
  input: CliInput,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    allowPositionals: false,
    options: optionsOf(command),
  });
  if (values.help === true) {
    output.out(operationUsage(command));
    return 0;
  }
  const settings = await resolvedConnection(values, input);
  const user = actingUser(settings);
  const files = clientFiles(settings);
  const call = await operationCall(
    command,
    values,
    () => input.readStdin(),
    () => new Date(),
  );
  const client = await PartnerClient.fromFiles(files, { ...brokerOptions(settings), user });
  try {
    const response = await client.request(call.method, call.path, call.body);
    const compact = values.json === true;
    if (response.status < 200 || response.status >= 300) {
      if (compact && response.body !== '') output.out(printed(response.body, true));
      output.err(`partner: ${problemLine(response.status, response.body)}`);
      return 1;
    }
    if (response.body !== '') output.out(printed(response.body, compact));
    return 0;
  } finally {
    client.close();
  }
}

function optionsOf(command: OperationCommand): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = { ...CONNECTION_OPTIONS, json: { type: 'boolean' } };
  const flags = [
    ...pathParameters(command.path).map(pathParameterFlag),
    ...(command.query ?? []).map((q) => q.flag),
    ...(command.body ?? []).map((b) => b.flag),
    ...(command.body === undefined ? [] : ['data']),
  ];
  for (const flag of flags) options[flag] = { type: 'string' };
  return options;
}

function printed(body: string, compact: boolean): string {
  try {
    return JSON.stringify(JSON.parse(body), null, compact ? undefined : 2);
  } catch {
    return body.replace(/\n$/, '');
  }
}
