import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { RequestInvalidError } from '../adapters/contract/coded-error.ts';
import { problemResponse } from '../adapters/contract/problem.ts';
import { boundedBodies, type RequestLimits } from '../adapters/contract/request-limits.ts';
import type { VerificationOutcome } from './audit/status/verification-schedule.ts';
import type { AdapterAnswerLimits } from './config/config.ts';
import { requireCovenantParty } from './covenant/covenant-guard.ts';
import type { CandidateDirectory } from './covenant/impact/candidate-directory.ts';
import type { AdapterDirectory } from './exchange/pull-exchange.ts';
import type { PushDelivery } from './exchange/push-delivery.ts';
import { allowedMethods } from './http/allowed-methods.ts';
import { problemFor, problemFromError } from './http/problem.ts';
import { type RequestIdVariables, requestId } from './http/request-id.ts';
import { traceContext } from './http/trace-context.ts';
import type { AdapterAgentPool } from './identity/adapter-agent.ts';
import {
  type IdentityDependencies,
  requirePartner,
  requireUser,
} from './identity/identity-middleware.ts';
import { auditRefusals } from './identity/refusal-audit.ts';
import {
  DEFAULT_REFUSALS_PER_MINUTE,
  RefusalThrottle,
  throttleRefusedCallers,
} from './identity/refusal-throttle.ts';
import type { Logger } from './log/logger.ts';
import type { PolicyBundleStatus } from './policy/policy-bundle-watcher.ts';
import type { PolicyEngine } from './policy/policy-engine.ts';
import { auditRoutes } from './routes/audit.ts';
import { caseActionRoutes } from './routes/case-actions.ts';
import { caseListRoutes } from './routes/case-list.ts';
import { caseRoutes } from './routes/cases.ts';
import { consentRoutes } from './routes/consents.ts';
import { covenantRoutes } from './routes/covenant.ts';
import { docsRoutes } from './routes/docs.ts';
import { exceptionRoutes } from './routes/exceptions.ts';
import { exchangeRoutes } from './routes/exchange.ts';
import { formalRequestRoutes } from './routes/formal-requests.ts';
import { healthRoutes } from './routes/health.ts';
import { registerOpenApiDocument } from './routes/openapi-document.ts';
import { participantRoutes } from './routes/participants.ts';
import { personRoutes } from './routes/persons.ts';
import { progressRoutes } from './routes/progress.ts';
import { reportRoutes } from './routes/reports.ts';
import { whoamiRoutes } from './routes/whoami.ts';
import type { BrokerStore } from './store/broker-store.ts';
import { WORKSPACE_ROOT } from './workspace/workspace-context.ts';
import { workspaceRoutes } from './workspace/workspace-routes.tsx';

/** How the broker reaches partner adapters. */
export interface AdapterAccess {
  readonly directory: AdapterDirectory;
  /** The broker's mutual-TLS client agents, one per partner adapter. */
  readonly agents: AdapterAgentPool;
  readonly timeoutMs: number;
  /** Bounds on an adapter's answer to a pull, checked while it streams in. */
  readonly answerLimits: AdapterAnswerLimits;
}

export interface AppDependencies {
  /** Asked anew for every decision: the bundle watcher swaps the engine behind it. */
  readonly policy: PolicyEngine;
  /** The watched bundle location's state, for /health; absent for a fixed engine. */
  readonly policyBundles?: { status(): PolicyBundleStatus };
  readonly logger: Logger;
  readonly identity: IdentityDependencies;
  readonly store: BrokerStore;
  /** The ZVH network this broker serves: every case the API touches is one of its. */
  readonly network: string;
  readonly adapters: AdapterAccess;
  /** Delivers pushed messages from the outbox (startPushDelivery); stopped by the caller. */
  readonly delivery: PushDelivery;
  /** Request bodies and their JSON nesting, bounded before any route reads them. */
  readonly requestLimits: RequestLimits;
  /**
   * The organisations' refusal budgets (closed by the caller at shutdown); by default one
   * of DEFAULT_REFUSALS_PER_MINUTE a minute.
   */
  readonly refusals?: RefusalThrottle;
  /** The last scheduled verification of the whole trail, for GET /v1/audit/status. */
  readonly verification?: { latest(): VerificationOutcome | null };
  /** Candidate bundles whose impact the workspace reports (BROKER_POLICY_CANDIDATES). */
  readonly policyCandidates?: CandidateDirectory;
}

/**
 * The broker's HTTP application, without a listener: tests call `app.request()`.
 * Everything under /v1 requires a partner certificate and a user assertion; the OpenAPI
 * document of those routes is public at /openapi.json, rendered at /docs. The workspace
 * for people in a browser, under /workspace, requires a personal certificate instead.
 *
 * @example
 * const app = createApp({ policy, logger, identity, store, network: 'bonaire', adapters,
 *   delivery, requestLimits: DEFAULT_LIMITS.request });
 * const response = await app.request('/health');
 */
export function createApp(deps: AppDependencies): OpenAPIHono<{ Variables: RequestIdVariables }> {
  const app = new OpenAPIHono<{ Variables: RequestIdVariables }>();
  app.use(requestId);
  app.use(boundedBodies(deps.requestLimits));
  app.use(traceContext);
  app.route('/', healthRoutes(deps.policy, deps.store.audit, deps.policyBundles));
  app.route('/', docsRoutes());
  const throttle =
    deps.refusals ??
    new RefusalThrottle({
      perMinute: DEFAULT_REFUSALS_PER_MINUTE,
      trail: deps.store.audit,
      network: deps.network,
      logger: deps.logger,
    });
  app.use(
    '/v1/*',
    requirePartner(deps.identity),
    throttleRefusedCallers(throttle),
    auditRefusals({
      trail: deps.store.audit,
      persons: deps.store.persons,
      network: deps.network,
      logger: deps.logger,
      throttle,
    }),
    requireUser(deps.identity.assertions),
  );
  app.route('/v1', whoamiRoutes());
  const api = { store: deps.store, network: deps.network };
  app.route('/v1', covenantRoutes({ ...api, clock: deps.identity.clock }));
  // Registration and every case route: only a party to the covenant in force gets through.
  const party = requireCovenantParty(deps.store.parties, deps.network);
  app.use('/v1/cases', party);
  app.use('/v1/cases/*', party);
  app.route('/v1', caseListRoutes(api));
  app.route('/v1', caseRoutes(api));
  app.route('/v1', caseActionRoutes(api));
  app.route('/v1', progressRoutes(api));
  app.route('/v1', participantRoutes(api));
  app.route('/v1', personRoutes(api));
  app.route('/v1', consentRoutes(api));
  app.route('/v1', exceptionRoutes(api));
  app.route('/v1', formalRequestRoutes(api));
  app.route('/v1', reportRoutes(api));
  app.route(
    '/v1',
    auditRoutes({
      ...api,
      policy: deps.policy,
      clock: deps.identity.clock,
      verification: deps.verification ?? { latest: () => null },
    }),
  );
  app.route(
    '/v1',
    exchangeRoutes({
      ...api,
      policy: deps.policy,
      logger: deps.logger,
      clock: deps.identity.clock,
      adapters: deps.adapters.directory,
      agents: deps.adapters.agents,
      timeoutMs: deps.adapters.timeoutMs,
      answerLimits: deps.adapters.answerLimits,
      delivery: deps.delivery,
    }),
  );
  app.route(
    WORKSPACE_ROOT,
    workspaceRoutes({
      store: deps.store,
      network: deps.network,
      policy: deps.policy,
      clock: deps.identity.clock,
      verification: deps.verification ?? { latest: () => null },
      candidates: deps.policyCandidates ?? null,
      identity: deps.identity,
      throttle,
      logger: deps.logger,
    }),
  );
  registerOpenApiDocument(app);
  let allowedAt: ((path: string) => string[]) | undefined;
  app.notFound((c) => {
    allowedAt ??= allowedMethods(app.routes);
    const allowed = allowedAt(c.req.path);
    if (allowed.length === 0) {
      return problemResponse(c, problemFor('NOT_FOUND', c.get('requestId')));
    }
    c.header('allow', allowed.join(', '));
    return problemResponse(c, problemFor('METHOD_NOT_ALLOWED', c.get('requestId')));
  });
  app.onError((caught, c) => {
    const id = c.get('requestId');
    // Hono's own refusals (malformed JSON, wrong media type) are the caller's mistakes too.
    const error =
      caught instanceof HTTPException && caught.status < 500
        ? new RequestInvalidError(caught.message)
        : caught;
    const problem = problemFromError(error, id);
    if (problem.status < 500) {
      const reason = error instanceof Error ? error.cause : undefined;
      deps.logger.warn(
        { code: problem.code, reason, requestId: id, path: c.req.path },
        'request refused',
      );
    } else {
      deps.logger.error({ err: error, requestId: id }, 'request failed');
    }
    return problemResponse(c, problem);
  });
  return app;
}
