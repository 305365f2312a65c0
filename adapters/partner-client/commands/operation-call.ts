import { readFile } from 'node:fs/promises';
import { list, required, UsageError } from '../usage-error.ts';
import {
  type BodyFlag,
  type HttpMethod,
  type OperationCommand,
  PATH_PARAMETER_FLAGS,
} from './operation-table.ts';

/** What one command sends: the method, the path with its query, and the JSON body if any. */
export interface OperationCall {
  readonly method: HttpMethod;
  readonly path: string;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** As `parseArgs` gives them; no flag of the table is repeatable. */
export type FlagValues = Readonly<
  Record<string, string | boolean | (string | boolean)[] | undefined>
>;

/** A `--data` file is a request body: far less than the broker's request limit is plenty. */
const MAX_DATA_BYTES = 1024 * 1024;
const MAX_STDIN_LINE = 1024;

/** The path parameters of a route template, in order: `{caseId}` and `{personId}`. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

/** The flag of a path parameter; the table's test makes sure every parameter has one. */
export function pathParameterFlag(parameter: string): string {
  return PATH_PARAMETER_FLAGS[parameter] ?? parameter;
}

/**
 * The call one command line makes. Every value goes to the broker as given (it checks
 * them all): the CLI only says which flag is missing and turns lists, sets and `now` into
 * JSON. `--data <file.json|->` gives a body to start from; flags override its fields.
 *
 * @example
 * await operationCall(command, { case: caseId, action: 'accept' }, readStdin, () => new Date());
 * // { method: 'POST', path: '/v1/cases/.../transitions', body: { action: 'accept' } }
 */
export async function operationCall(
  command: OperationCommand,
  values: FlagValues,
  readStdin: () => Promise<string>,
  now: () => Date,
): Promise<OperationCall> {
  const text = (flag: string): string | undefined => {
    const value = values[flag];
    return typeof value === 'string' ? value : undefined;
  };
  let path = command.path;
  for (const parameter of pathParameters(command.path)) {
    const flag = pathParameterFlag(parameter);
    path = path.replace(`{${parameter}}`, encodeURIComponent(required(text(flag), flag)));
  }
  const query = new URLSearchParams();
  for (const parameter of command.query ?? []) {
    const value = text(parameter.flag);
    if (value !== undefined) query.set(parameter.name, value);
    else if (parameter.required === true) required(undefined, parameter.flag);
  }
  if (query.size > 0) path = `${path}?${query.toString()}`;
  if (command.body === undefined && command.stdinField === undefined) {
    return { method: command.method, path };
  }
  const data = text('data');
  const body: Record<string, unknown> = data === undefined ? {} : await dataBody(data, readStdin);
  for (const flag of command.body ?? []) {
    const given = text(flag.flag) ?? flag.default;
    if (given !== undefined) body[flag.field] = converted(flag, given, now);
    else if (flag.required === true && !(flag.field in body)) required(undefined, flag.flag);
  }
  if (command.stdinField !== undefined && !(command.stdinField in body)) {
    if (data === '-') {
      throw new UsageError(`--data - must hold "${command.stdinField}" (standard input is taken)`);
    }
    body[command.stdinField] = oneLine(await readStdin(), command.command);
  }
  return { method: command.method, path, body };
}

function converted(flag: BodyFlag, value: string, now: () => Date): unknown {
  switch (flag.kind ?? 'text') {
    case 'list':
      return list(value, flag.flag);
    case 'list-or-all':
      return value === 'all' ? null : list(value, flag.flag);
    case 'integer':
      if (!/^[0-9]{1,9}$/.test(value)) throw new UsageError(`--${flag.flag} must be a number`);
      return Number(value);
    case 'set': {
      const names = value.trim() === '' ? [] : list(value, flag.flag);
      const known = flag.values ?? [];
      const unknown = names.filter((name) => !known.includes(name));
      if (unknown.length > 0) {
        throw new UsageError(`--${flag.flag}: unknown ${unknown.join(', ')} (${known.join(', ')})`);
      }
      return Object.fromEntries(known.map((name) => [name, names.includes(name)]));
    }
    case 'instant':
      return value === 'now' ? now().toISOString() : value;
    default:
      return value;
  }
}

/** A JSON object from the file, or from standard input for `-`. */
async function dataBody(
  source: string,
  readStdin: () => Promise<string>,
): Promise<Record<string, unknown>> {
  const from = source === '-' ? 'standard input' : source;
  let text: string;
  try {
    text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  } catch {
    throw new UsageError(`--data: cannot read ${from}`);
  }
  if (text.length > MAX_DATA_BYTES) throw new UsageError(`--data: ${from} is too long`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--data: ${from} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--data: ${from} must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** One non-blank line; the error says what is wrong with the input, never what it was. */
function oneLine(text: string, command: string): string {
  const lines = text
    .slice(0, MAX_STDIN_LINE + 1)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (text.length > MAX_STDIN_LINE || lines.length !== 1) {
    throw new UsageError(
      `standard input must hold the national identifier on one line (echo <id> | npm run partner -- ${command} ...)`,
    );
  }
  return lines[0] as string;
}
