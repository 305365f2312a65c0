import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CodedError } from './coded-error.ts';

/** What a stable code means over HTTP. */
export interface CodeEntry {
  readonly status: number;
  readonly title: string;
}

/**
 * The codes of the errors both sides raise at their edge (the wire contract's own error
 * classes) and of the opaque 500; each side's table spreads these into its own.
 */
export const EDGE_ERROR_CODES = {
  REQUEST_INVALID: { status: 400, title: 'The request is not valid' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request did not arrive in time' },
  REQUEST_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  CLIENT_CERT_INVALID: { status: 403, title: 'The client certificate is not accepted' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, CodeEntry>;

export type EdgeErrorCode = keyof typeof EDGE_ERROR_CODES;

/** Every code one side (the broker, or an adapter) reports; each table has `INTERNAL`. */
export type CodeTable<Code extends string> = Readonly<Record<Code | 'INTERNAL', CodeEntry>>;

/** An RFC 9457 problem details object. */
export interface Problem<Code extends string = string> {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: Code;
  readonly detail?: string;
  /** REQUEST_INVALID only: each failed rule as `path: rule`, never the offending value. */
  readonly issues?: readonly string[];
  readonly instance: string;
}

export interface ProblemCatalogue<Code extends string> {
  problemFor(code: Code | 'INTERNAL', requestId: string, detail?: string): Problem<Code>;
  /**
   * A known client error keeps its message; a server-side one keeps only its code, and
   * anything else becomes an opaque 500 that names only the request id, so internals
   * never reach a caller.
   */
  problemFromError(error: unknown, requestId: string): Problem<Code>;
}

/**
 * The problems of one side's code table.
 *
 * @example
 * const { problemFor } = problemCatalogue(ERROR_CODES, {
 *   typeBase: 'https://zvh-broker.example/docs/errors', instancePrefix: 'urn:zvh-broker:request:' });
 * problemFor('NOT_FOUND', requestId); // { type: '…#not_found', status: 404, … }
 */
export function problemCatalogue<Code extends string>(
  table: CodeTable<Code>,
  names: { readonly typeBase: string; readonly instancePrefix: string },
): ProblemCatalogue<Code> {
  const known = (code: string): code is Code | 'INTERNAL' => Object.hasOwn(table, code);
  function problemFor(
    code: Code | 'INTERNAL',
    requestId: string,
    detail?: string,
  ): Problem<Code | 'INTERNAL'> {
    const { status, title } = table[code];
    return {
      type: `${names.typeBase}#${code.toLowerCase()}`,
      title,
      status,
      code,
      ...(detail === undefined ? {} : { detail }),
      instance: `${names.instancePrefix}${requestId}`,
    };
  }
  function problemFromError(error: unknown, requestId: string): Problem<Code | 'INTERNAL'> {
    if (!(error instanceof CodedError) || !known(error.code)) {
      return problemFor('INTERNAL', requestId);
    }
    if (table[error.code].status >= 500) return problemFor(error.code, requestId);
    const problem = problemFor(error.code, requestId, error.message);
    return error.issues === undefined ? problem : { ...problem, issues: error.issues };
  }
  return { problemFor, problemFromError } as ProblemCatalogue<Code>;
}

export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}
