import { Hono } from 'hono';
import { problemFor, problemFromError, problemResponse } from './http/problem.ts';
import { type RequestIdVariables, requestId } from './http/request-id.ts';
import type { Logger } from './log/logger.ts';
import type { PolicyEngine } from './policy/policy-engine.ts';
import { healthRoutes } from './routes/health.ts';

export interface AppDependencies {
  readonly policy: PolicyEngine;
  readonly logger: Logger;
}

/**
 * The broker's HTTP application, without a listener: tests call `app.request()`.
 *
 * @example
 * const app = createApp({ policy, logger });
 * const response = await app.request('/health');
 */
export function createApp(deps: AppDependencies): Hono<{ Variables: RequestIdVariables }> {
  const app = new Hono<{ Variables: RequestIdVariables }>();
  app.use(requestId);
  app.route('/health', healthRoutes(deps.policy));
  app.notFound((c) => problemResponse(c, problemFor('NOT_FOUND', c.get('requestId'))));
  app.onError((error, c) => {
    const id = c.get('requestId');
    deps.logger.error({ err: error, requestId: id }, 'request failed');
    return problemResponse(c, problemFromError(error, id));
  });
  return app;
}
