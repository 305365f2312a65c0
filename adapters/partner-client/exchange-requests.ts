import { readFile } from 'node:fs/promises';
import { list, required, UsageError } from './usage-error.ts';

/** A call to the broker, as the CLI's options describe it. */
export interface BrokerCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: Readonly<Record<string, unknown>>;
}

export interface ExchangeOptions {
  readonly case?: string | undefined;
  readonly person?: string | undefined;
  readonly purpose?: string | undefined;
  readonly categories?: string | undefined;
  readonly providers?: string | undefined;
  readonly data?: string | undefined;
  readonly recipients?: string | undefined;
}

const segment = (value: string): string => encodeURIComponent(value);

/**
 * `pull --case <id> --person <id> --purpose <p> --categories a,b [--providers x,y]`.
 *
 * @example
 * pullCall({ case: caseId, person: personId, purpose: 'case_meeting', categories: 'signal' });
 */
export function pullCall(options: ExchangeOptions): BrokerCall {
  const caseId = required(options.case, 'case');
  const personId = required(options.person, 'person');
  return {
    method: 'POST',
    path: `/v1/cases/${segment(caseId)}/persons/${segment(personId)}/pull`,
    body: {
      purpose: required(options.purpose, 'purpose'),
      categories: list(required(options.categories, 'categories'), 'categories'),
      ...(options.providers === undefined
        ? {}
        : { providers: list(options.providers, 'providers') }),
    },
  };
}

/**
 * `push --case <id> [--person <id>] --purpose <p> --data <file.json|-> [--recipients x,y]`;
 * the data are `{category: {field: value}}`, from the file or, for `-`, standard input.
 *
 * @example
 * await pushCall({ case: caseId, purpose: 'case_meeting', data: 'incident.json' }, readStdin);
 */
export async function pushCall(
  options: ExchangeOptions,
  readStdin: () => Promise<string>,
): Promise<BrokerCall> {
  const caseId = required(options.case, 'case');
  const purpose = required(options.purpose, 'purpose');
  const source = required(options.data, 'data');
  const categories = parseCategories(
    source === '-' ? await readStdin() : await readDataFile(source),
    source,
  );
  return {
    method: 'POST',
    path: `/v1/cases/${segment(caseId)}/push`,
    body: {
      purpose,
      ...(options.person === undefined ? {} : { personId: options.person }),
      categories,
      ...(options.recipients === undefined
        ? {}
        : { recipients: list(options.recipients, 'recipients') }),
    },
  };
}

async function readDataFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--data: cannot read ${file}`);
  }
}

function parseCategories(text: string, source: string): Record<string, Record<string, unknown>> {
  const from = source === '-' ? 'standard input' : source;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--data: ${from} is not JSON`);
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (
    !isObject(parsed) ||
    Object.keys(parsed).length === 0 ||
    !Object.values(parsed).every(isObject)
  ) {
    throw new UsageError(`--data: ${from} must be {"<category>": {"<field>": <value>}, ...}`);
  }
  return parsed as Record<string, Record<string, unknown>>;
}
