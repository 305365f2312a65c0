import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';

export type RequestIdVariables = { requestId: string };

/** Gives every request an id that logs, problems and (later) audit entries share. */
export const requestId = createMiddleware<{ Variables: RequestIdVariables }>(async (c, next) => {
  const id = randomUUID();
  c.set('requestId', id);
  c.header('x-request-id', id);
  await next();
});

// Routes typed for the identity variables alone still read the request id, for the audit trail.
declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
  }
}
