import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BrokerError, RequestInvalidError } from '../errors/broker-error.ts';
import { type BrokerErrorCode, ERROR_CODES } from '../errors/error-codes.ts';

/** Where each code is explained; the problem `type` is this URL with the code as anchor. */
export const PROBLEM_TYPE_BASE = 'https://zvh-broker.example/docs/errors';

/** An RFC 9457 problem details object. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: BrokerErrorCode;
  readonly detail?: string;
  /** REQUEST_INVALID only: each failed rule as `path: rule`, never the offending value. */
  readonly issues?: readonly string[];
  readonly instance: string;
}

export function problemFor(code: BrokerErrorCode, requestId: string, detail?: string): Problem {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `${PROBLEM_TYPE_BASE}#${code.toLowerCase()}`,
    title,
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    instance: `urn:zvh-broker:request:${requestId}`,
  };
}

export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}

/**
 * A known error keeps its code and message; anything else becomes an opaque 500 that
 * names only the request id, so internals never reach a caller.
 */
export function problemFromError(error: unknown, requestId: string): Problem {
  if (error instanceof RequestInvalidError) {
    return { ...problemFor(error.code, requestId, error.message), issues: error.issues };
  }
  if (error instanceof BrokerError && ERROR_CODES[error.code].status < 500) {
    return problemFor(error.code, requestId, error.message);
  }
  if (error instanceof BrokerError) return problemFor(error.code, requestId);
  return problemFor('INTERNAL', requestId);
}
