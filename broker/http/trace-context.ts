import { createMiddleware } from 'hono/factory';
import {
  continueTrace,
  formatTraceparent,
  TRACEPARENT_HEADER,
  type TraceContext,
} from '../../adapters/contract/trace-context.ts';

export type TraceVariables = { trace: TraceContext };

/**
 * Continues the caller's W3C trace with a span of the broker's own (or starts a trace),
 * so that the adapters' log lines and the audit entries of an exchange share its trace id.
 * The answer carries the broker's span in `traceparent`.
 */
export const traceContext = createMiddleware<{ Variables: TraceVariables }>(async (c, next) => {
  const trace = continueTrace(c.req.header(TRACEPARENT_HEADER));
  c.set('trace', trace);
  c.header(TRACEPARENT_HEADER, formatTraceparent(trace));
  await next();
});

// Routes typed for the identity variables alone still read the trace, for the adapters.
declare module 'hono' {
  interface ContextVariableMap {
    trace: TraceContext;
  }
}
