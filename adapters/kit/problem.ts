import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ADAPTER_ERROR_CODES, type AdapterErrorCode } from '../contract/adapter-error-codes.ts';
import { AdapterError, RequestInvalidError } from './adapter-error.ts';

/** Where each code is explained; the problem `type` is this URL with the code as anchor. */
export const ADAPTER_PROBLEM_TYPE_BASE = 'https://zvh-broker.example/docs/adapter-errors';

/** An RFC 9457 problem details object. */
export interface AdapterProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: AdapterErrorCode;
  readonly detail?: string;
  readonly issues?: readonly string[];
  readonly instance: string;
}

export function adapterProblem(
  code: AdapterErrorCode,
  requestId: string,
  detail?: string,
): AdapterProblem {
  const { status, title } = ADAPTER_ERROR_CODES[code];
  return {
    type: `${ADAPTER_PROBLEM_TYPE_BASE}#${code.toLowerCase()}`,
    title,
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    instance: `urn:zvh-adapter:request:${requestId}`,
  };
}

/**
 * A known client error keeps its message; a server-side one keeps only its code, and
 * anything unknown becomes an opaque 500, so the partner's internals never reach a caller.
 */
export function problemFromError(error: unknown, requestId: string): AdapterProblem {
  if (error instanceof RequestInvalidError) {
    return { ...adapterProblem(error.code, requestId, error.message), issues: error.issues };
  }
  if (error instanceof AdapterError && ADAPTER_ERROR_CODES[error.code].status < 500) {
    return adapterProblem(error.code, requestId, error.message);
  }
  if (error instanceof AdapterError) return adapterProblem(error.code, requestId);
  return adapterProblem('INTERNAL', requestId);
}

export function problemResponse(c: Context, problem: AdapterProblem): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}
