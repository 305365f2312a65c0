import { createRoute, z } from '@hono/zod-openapi';
import type { StatementKind, StatementView } from '../store/consent-register.ts';
import {
  categoriesSchema,
  obtainedHowSchema,
  slugSchema,
  statementGiverSchema,
} from '../store/domain-vocabulary.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  caseParams,
  instantSchema,
  jsonBody,
  jsonResponse,
  personParams,
  problems,
  SECURITY,
} from './api-routes.ts';
import { actorOf, visibleCase } from './case-access.ts';

const statementSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['consent', 'objection']),
    personId: z.uuid(),
    recipient: z.string(),
    categories: z.array(z.string()).nullable(),
    givenBy: statementGiverSchema,
    obtainedHow: obtainedHowSchema,
    at: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    withdrawnAt: z.string().nullable(),
  })
  .openapi('ConsentStatement');

const statementBody = (view: StatementView): z.infer<typeof statementSchema> => ({
  ...view,
  categories: view.categories === null ? null : [...view.categories],
});

const newStatementSchema = z
  .strictObject({
    recipient: slugSchema,
    categories: categoriesSchema.nullable().openapi({ description: 'null: every category' }),
    givenBy: statementGiverSchema,
    obtainedHow: obtainedHowSchema,
    at: instantSchema.openapi({ description: 'When the person said it; not in the future' }),
  })
  .openapi('NewConsentStatement');

const PATHS = { consent: 'consents', objection: 'objections' } as const;

/**
 * POST /v1/cases/{caseId}/persons/{personId}/consents and .../objections: the registering
 * partner (or the process director) records what the person said about one recipient.
 */
function registerRecord(routes: ApiRoutes, deps: ApiDependencies, kind: StatementKind): void {
  const route = createRoute({
    method: 'post',
    path: `/cases/{caseId}/persons/{personId}/${PATHS[kind]}`,
    tags: ['consent'],
    summary: `Record ${kind === 'consent' ? 'a consent' : 'an objection'}`,
    security: SECURITY,
    request: { params: personParams, body: jsonBody(newStatementSchema) },
    responses: {
      201: jsonResponse(`The recorded ${kind}`, statementSchema),
      ...problems(403, 409, 422),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, personId } = c.req.valid('param');
    const input = c.req.valid('json');
    await visibleCase(deps, c, caseId);
    const recorded = await deps.store.consent.record(deps.network, caseId, actorOf(c), kind, {
      ...input,
      personId,
      at: new Date(input.at),
    });
    return c.json(statementBody(recorded), 201);
  });
}

export function registerRecordConsent(routes: ApiRoutes, deps: ApiDependencies): void {
  registerRecord(routes, deps, 'consent');
}

export function registerRecordObjection(routes: ApiRoutes, deps: ApiDependencies): void {
  registerRecord(routes, deps, 'objection');
}

/**
 * POST /v1/cases/{caseId}/consents/{id}/withdrawal and .../objections/{id}/withdrawal:
 * effective at once; the statement itself is kept for the audit.
 */
function registerWithdraw(routes: ApiRoutes, deps: ApiDependencies, kind: StatementKind): void {
  const route = createRoute({
    method: 'post',
    path: `/cases/{caseId}/${PATHS[kind]}/{statementId}/withdrawal`,
    tags: ['consent'],
    summary: `Withdraw ${kind === 'consent' ? 'a consent' : 'an objection'}`,
    security: SECURITY,
    request: {
      params: caseParams.extend({
        statementId: z.uuid().openapi({ param: { name: 'statementId', in: 'path' } }),
      }),
    },
    responses: { 204: { description: 'Withdrawn' }, ...problems(403, 409) },
  });
  routes.openapi(route, async (c) => {
    const { caseId, statementId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    await deps.store.consent.withdraw(deps.network, caseId, actorOf(c), kind, statementId);
    return c.body(null, 204);
  });
}

export function registerWithdrawConsent(routes: ApiRoutes, deps: ApiDependencies): void {
  registerWithdraw(routes, deps, 'consent');
}

export function registerWithdrawObjection(routes: ApiRoutes, deps: ApiDependencies): void {
  registerWithdraw(routes, deps, 'objection');
}

/** GET /v1/cases/{caseId}/persons/{personId}/consent-record: consents and objections, withdrawn ones too. */
export function registerConsentRecord(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/cases/{caseId}/persons/{personId}/consent-record',
    tags: ['consent'],
    summary: "A person's consents and objections",
    security: SECURITY,
    request: { params: personParams },
    responses: {
      200: jsonResponse('Every statement, oldest first per kind', z.array(statementSchema)),
      ...problems(),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, personId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const statements = await deps.store.consent.forPerson(deps.network, caseId, personId);
    return c.json(statements.map(statementBody), 200);
  });
}

export function consentRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerRecordConsent(routes, deps);
  registerRecordObjection(routes, deps);
  registerWithdrawConsent(routes, deps);
  registerWithdrawObjection(routes, deps);
  registerConsentRecord(routes, deps);
  return routes;
}
