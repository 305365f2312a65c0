import { UsageError } from './usage-error.ts';

/** A call to the broker's audit API, as `npm run partner -- audit ...` describes it. */
export interface AuditCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: Readonly<Record<string, unknown>>;
  /** What to ask for: a PDF and an export are not JSON. */
  readonly accept: string;
  /** Where the answer goes: standard output, or the file of `--out`. */
  readonly out: string | undefined;
  /** Passed on as it arrives, of any length: an export. Others are read whole and printed. */
  readonly streamed?: boolean;
}

export interface AuditOptions {
  readonly person?: boolean | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly requester?: string | undefined;
  readonly provider?: string | undefined;
  readonly recipient?: string | undefined;
  readonly case?: string | undefined;
  readonly purpose?: string | undefined;
  readonly type?: string | undefined;
  readonly decision?: string | undefined;
  readonly reason?: string | undefined;
  readonly exchange?: string | undefined;
  readonly trace?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: string | undefined;
  readonly copy?: string | undefined;
  readonly format?: string | undefined;
  readonly period?: string | undefined;
  readonly by?: string | undefined;
  readonly threshold?: string | undefined;
  readonly out?: string | undefined;
}

export const AUDIT_SUBCOMMANDS = [
  'search',
  'entry',
  'subject',
  'stats',
  'status',
  'export',
] as const;

const JSON_ANSWER = 'application/json, application/problem+json';

/** Far more than an identifier and a line end. */
const MAX_IDENTIFIER_INPUT = 1024;

/**
 * The audit API call for one subcommand. A national identifier (`search --person`,
 * `subject`) is read from standard input and goes in a POST body, never in a URL or an
 * argument; the other filters of a search go in the query. The broker checks every value:
 * the CLI passes them on as given.
 *
 * @example
 * await auditCall('search', undefined, { case: caseId }, readStdin);
 * // { method: 'GET', path: '/v1/audit/entries?caseId=...', ... }
 */
export async function auditCall(
  subcommand: string | undefined,
  argument: string | undefined,
  options: AuditOptions,
  readStdin: () => Promise<string>,
): Promise<AuditCall> {
  const json = { accept: JSON_ANSWER, out: options.out };
  switch (subcommand) {
    case 'search': {
      const filters = searchFilters(options);
      if (options.person !== true) {
        return { method: 'GET', path: `/v1/audit/entries${query(filters)}`, ...json };
      }
      const nationalId = await identifierFrom(readStdin);
      const given = Object.entries(filters).filter((entry) => entry[1] !== undefined);
      const body = {
        ...Object.fromEntries(
          given.map(([name, value]) => [name, name === 'limit' ? Number(value) : value]),
        ),
        nationalId,
      };
      return { method: 'POST', path: '/v1/audit/entries', body, ...json };
    }
    case 'entry': {
      if (argument === undefined || !/^[0-9]{1,16}$/.test(argument)) {
        throw new UsageError('audit entry needs the entry number: audit entry <seq>');
      }
      return { method: 'GET', path: `/v1/audit/entries/${argument}`, ...json };
    }
    case 'subject': {
      const format = options.format ?? 'json';
      if (format === 'pdf' && options.out === undefined) {
        throw new UsageError('audit subject --format pdf needs --out <file>');
      }
      const body = {
        nationalId: await identifierFrom(readStdin),
        copy: options.copy ?? 'person',
        format,
      };
      return {
        method: 'POST',
        path: '/v1/audit/subject-access',
        body,
        accept: format === 'pdf' ? 'application/pdf, application/problem+json' : JSON_ANSWER,
        out: options.out,
      };
    }
    case 'stats':
      return {
        method: 'GET',
        path: `/v1/audit/statistics${query({
          from: options.from,
          to: options.to,
          period: options.period,
          by: options.by,
          threshold: options.threshold,
        })}`,
        ...json,
      };
    case 'status':
      return { method: 'GET', path: '/v1/audit/status', ...json };
    case 'export':
      return {
        method: 'GET',
        path: `/v1/audit/export${query({ from: options.from, to: options.to, format: options.format })}`,
        accept: 'application/jsonl, application/problem+json',
        out: options.out,
        streamed: true,
      };
    case undefined:
      throw new UsageError(`missing audit <${AUDIT_SUBCOMMANDS.join('|')}> (see --help)`);
    default:
      throw new UsageError(`unknown audit command "${subcommand}" (see --help)`);
  }
}

/** The CLI's flags in the API's names. */
function searchFilters(options: AuditOptions): Record<string, string | undefined> {
  return {
    from: options.from,
    to: options.to,
    requester: options.requester,
    provider: options.provider,
    recipient: options.recipient,
    caseId: options.case,
    purpose: options.purpose,
    type: options.type,
    decision: options.decision,
    reason: options.reason,
    exchangeId: options.exchange,
    traceId: options.trace,
    cursor: options.cursor,
    limit: options.limit,
  };
}

function query(parameters: Readonly<Record<string, string | undefined>>): string {
  const given = Object.entries(parameters).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return given.length === 0 ? '' : `?${new URLSearchParams(given).toString()}`;
}

/**
 * One non-blank line of standard input. The error says what is wrong with the input,
 * never what it was.
 */
async function identifierFrom(readStdin: () => Promise<string>): Promise<string> {
  const text = await readStdin();
  const lines = text
    .slice(0, MAX_IDENTIFIER_INPUT + 1)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (text.length > MAX_IDENTIFIER_INPUT || lines.length !== 1) {
    throw new UsageError(
      'standard input must hold the national identifier on one line (echo <id> | npm run partner -- audit ...)',
    );
  }
  return lines[0] as string;
}
