import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Clock } from '../../keys/clock.ts';
import type { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import { NotFoundError } from '../contract/coded-error.ts';
import { problemResponse } from '../contract/problem.ts';
import { boundedBodies, type RequestLimits } from '../contract/request-limits.ts';
import { type InboxDependencies, inboxPushRoute, inboxTakeRoutes } from './inbox-routes.ts';
import { problemFromError } from './problem.ts';
import { type PullDependencies, pullRoute } from './pull-route.ts';
import type { ReleaseLog } from './release-log.ts';
import { type RequestContextVariables, requestContext } from './request-context.ts';
import { requireBroker } from './require-broker.ts';
import { type WitnessDependencies, witnessOfferRoute, witnessReadRoute } from './witness-routes.ts';

/**
 * A pull names one person and a few categories; a push carries one case update: well
 * within these, which a partner can change in its adapter.json (`limits`).
 */
export const DEFAULT_ADAPTER_LIMITS: RequestLimits = {
  bodyBytes: 256 * 1024,
  jsonDepth: 32,
  headerBytes: 16 * 1024,
};

export type AdapterEnv = { Variables: RequestContextVariables };

function withProblems(app: Hono<AdapterEnv>, logger: Logger): Hono<AdapterEnv> {
  app.onError((error, c) => {
    const problem = problemFromError(error, c.get('requestId'));
    const log = problem.status >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
    log({ requestId: c.get('requestId'), code: problem.code, err: error }, 'request failed');
    return problemResponse(c, problem);
  });
  app.notFound((c) => {
    throw new NotFoundError(`${c.req.method} ${c.req.path}`);
  });
  return app;
}

export interface BrokerFacingDependencies
  extends PullDependencies,
    InboxDependencies,
    WitnessDependencies {
  readonly revocations: RevocationSource;
  readonly clock: Clock;
  readonly limits: RequestLimits;
}

/**
 * What the broker calls over mutual TLS: pull, the inbox push, and the checkpoint witness.
 *
 * @example
 * serve({ fetch: createBrokerFacingApp(deps).fetch, createServer, serverOptions });
 */
export function createBrokerFacingApp(deps: BrokerFacingDependencies): Hono<AdapterEnv> {
  const app = new Hono<AdapterEnv>();
  app.use(
    '*',
    requestContext,
    requireBroker(deps.revocations, deps.clock),
    boundedBodies(deps.limits),
  );
  app.route('/', pullRoute(deps));
  app.route('/', inboxPushRoute(deps));
  app.route('/', witnessOfferRoute(deps));
  app.route('/', witnessReadRoute(deps));
  return withProblems(app, deps.logger);
}

export interface LocalDependencies
  extends Pick<InboxDependencies, 'inbox'>,
    Pick<WitnessDependencies, 'witness'> {
  readonly releaseLog: ReleaseLog;
  readonly logger: Logger;
}

/**
 * What the partner's own systems call on the loopback listener: take the inbox, and read
 * the release log and the witnessed checkpoint for the partner's privacy officer.
 */
export function createLocalApp(deps: LocalDependencies): Hono<AdapterEnv> {
  const app = new Hono<AdapterEnv>();
  app.use('*', requestContext);
  app.route('/', inboxTakeRoutes(deps));
  app.route('/', witnessReadRoute(deps));
  app.get('/v1/releases', async (c) =>
    c.json({ entries: await deps.releaseLog.entries(c.req.query('exchangeId')) }),
  );
  return withProblems(app, deps.logger);
}
