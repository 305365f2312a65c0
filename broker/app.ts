import { Hono } from 'hono';
import { BrokerError } from './errors/broker-error.ts';
import { ERROR_CODES } from './errors/error-codes.ts';
import { problemFor, problemFromError, problemResponse } from './http/problem.ts';
import { type RequestIdVariables, requestId } from './http/request-id.ts';
import {
  type IdentityDependencies,
  requirePartner,
  requireUser,
} from './identity/identity-middleware.ts';
import type { Logger } from './log/logger.ts';
import type { PolicyEngine } from './policy/policy-engine.ts';
import { healthRoutes } from './routes/health.ts';
import { whoamiRoutes } from './routes/whoami.ts';

export interface AppDependencies {
  readonly policy: PolicyEngine;
  readonly logger: Logger;
  readonly identity: IdentityDependencies;
}

/**
 * The broker's HTTP application, without a listener: tests call `app.request()`.
 * Everything under /v1 requires a partner certificate and a user assertion.
 *
 * @example
 * const app = createApp({ policy, logger, identity });
 * const response = await app.request('/health');
 */
export function createApp(deps: AppDependencies): Hono<{ Variables: RequestIdVariables }> {
  const app = new Hono<{ Variables: RequestIdVariables }>();
  app.use(requestId);
  app.route('/health', healthRoutes(deps.policy));
  app.use('/v1/*', requirePartner(deps.identity), requireUser(deps.identity.assertions));
  app.route('/v1/whoami', whoamiRoutes());
  app.notFound((c) => problemResponse(c, problemFor('NOT_FOUND', c.get('requestId'))));
  app.onError((error, c) => {
    const id = c.get('requestId');
    if (error instanceof BrokerError && ERROR_CODES[error.code].status < 500) {
      deps.logger.warn(
        { code: error.code, reason: error.cause, requestId: id, path: c.req.path },
        'request refused',
      );
    } else {
      deps.logger.error({ err: error, requestId: id }, 'request failed');
    }
    return problemResponse(c, problemFromError(error, id));
  });
  return app;
}
