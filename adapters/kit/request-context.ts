import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import {
  continueTrace,
  formatTraceparent,
  TRACEPARENT_HEADER,
  type TraceContext,
} from '../contract/trace-context.ts';

export type RequestContextVariables = { requestId: string; trace: TraceContext };

/**
 * Gives every request an id for its problem and log lines, and continues the W3C trace
 * the broker started; the answer carries this adapter's span in `traceparent`.
 */
export const requestContext = createMiddleware<{ Variables: RequestContextVariables }>(
  async (c, next) => {
    const id = randomUUID();
    const trace = continueTrace(c.req.header(TRACEPARENT_HEADER));
    c.set('requestId', id);
    c.set('trace', trace);
    c.header('x-request-id', id);
    c.header(TRACEPARENT_HEADER, formatTraceparent(trace));
    await next();
  },
);
