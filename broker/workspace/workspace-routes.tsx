import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { NotFoundError, RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import { problemFromError } from '../http/problem.ts';
import type { IdentityDependencies } from '../identity/identity-middleware.ts';
import { requirePerson } from '../identity/person-middleware.ts';
import { auditRefusals } from '../identity/refusal-audit.ts';
import { type RefusalThrottle, throttleRefusedCallers } from '../identity/refusal-throttle.ts';
import type { Logger } from '../log/logger.ts';
import { ICON, STYLESHEET } from './assets.ts';
import { auditModule } from './audit/audit-module.ts';
import { casesModule } from './cases/cases-module.ts';
import { covenantModule } from './covenant/covenant-module.ts';
import { ErrorPage } from './error-page.tsx';
import { FormTokens, protectForms } from './form-token.ts';
import { HomePage } from './home-page.tsx';
import { chosenLanguage } from './language.ts';
import { renderPage } from './render.ts';
import { pageContext, type WorkspaceDependencies, type WorkspaceEnv } from './workspace-context.ts';
import type { WorkspaceModule } from './workspace-module.ts';

/** The parts of the workspace, in the order of the navigation. */
export const WORKSPACE_MODULES: readonly WorkspaceModule[] = [
  auditModule,
  casesModule,
  covenantModule,
];

export interface WorkspaceOptions extends WorkspaceDependencies {
  readonly identity: Pick<IdentityDependencies, 'revocations' | 'clock'>;
  /** The organisations' refusal budgets, shared with /v1. */
  readonly throttle: RefusalThrottle;
  readonly logger: Logger;
}

/**
 * Nothing but this origin: the served stylesheet and icon, forms posted here, no script
 * at all, no inline style (charts are SVG with classes), never in a frame.
 */
const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'DENY',
  crossOriginOpenerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
});

/**
 * The ZVH workspace under /workspace: pages for the people of the network in a browser,
 * signed in with a personal certificate only (person-middleware.ts). Every page reads
 * through the functions the API's routes call, refuses like them (a refusal is an
 * `access.refused` entry through the same refusal audit) and records a read of personal
 * data as the API does. Every form carries a token bound to the certificate.
 *
 * @example
 * app.route('/workspace', workspaceRoutes({ store, network, policy, clock, verification,
 *   identity, throttle, logger }));
 */
export function workspaceRoutes(options: WorkspaceOptions): Hono<WorkspaceEnv> {
  const routes = new Hono<WorkspaceEnv>();
  routes.use('*', securityHeaders);
  routes.use('*', async (c, next) => {
    c.set('language', chosenLanguage(c.req.query('lang'), c.req.header('accept-language')));
    await next();
  });
  routes.get('/assets/workspace.css', (c) =>
    c.body(STYLESHEET, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'private, max-age=3600',
    }),
  );
  routes.get('/assets/icon.svg', (c) =>
    c.body(ICON, 200, {
      'content-type': 'image/svg+xml',
      'cache-control': 'private, max-age=3600',
    }),
  );
  routes.use(
    '*',
    requirePerson(options.identity),
    throttleRefusedCallers(options.throttle),
    auditRefusals({
      trail: options.store.audit,
      persons: options.store.persons,
      network: options.network,
      logger: options.logger,
      throttle: options.throttle,
    }),
    protectForms(new FormTokens()),
    offeredModules(WORKSPACE_MODULES),
  );
  routes.get('/', (c) =>
    renderPage(c, <HomePage ctx={pageContext(c)} modules={WORKSPACE_MODULES} />),
  );
  for (const module of WORKSPACE_MODULES) routes.route(module.path, module.routes(options));
  routes.all('*', () => {
    throw new NotFoundError('page');
  });
  routes.onError((caught, c) => {
    const id = c.get('requestId');
    const error =
      caught instanceof HTTPException && caught.status < 500
        ? new RequestInvalidError(caught.message)
        : caught;
    const problem = problemFromError(error, id);
    if (problem.status < 500) {
      options.logger.warn({ code: problem.code, requestId: id, path: c.req.path }, 'page refused');
    } else {
      options.logger.error({ err: error, requestId: id }, 'page failed');
    }
    return renderPage(
      c,
      <ErrorPage
        language={c.get('language')?.language ?? 'nl'}
        status={problem.status}
        code={problem.code}
        detail={problem.detail}
        requestId={id}
      />,
      problem.status as ContentfulStatusCode,
    );
  });
  return routes;
}

function offeredModules(modules: readonly WorkspaceModule[]) {
  return createMiddleware<WorkspaceEnv>(async (c, next) => {
    const user = c.get('user');
    c.set(
      'navigation',
      modules
        .filter((module) => module.offeredTo(user))
        .map((module) => ({ path: module.path, title: module.title })),
    );
    await next();
  });
}
