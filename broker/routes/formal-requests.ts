import { createRoute, z } from '@hono/zod-openapi';
import { categoriesSchema, slugSchema, textSchema } from '../store/domain-vocabulary.ts';
import { type FormalRequestView, MAX_EXCHANGE_IDS } from '../store/formal-request-register.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  caseParams,
  instantSchema,
  jsonBody,
  jsonResponse,
  personParams,
  problemResponse,
  problems,
  problemsOf,
  SECURITY,
} from './api-routes.ts';
import { actorOf, visibleCase } from './case-access.ts';

const formalRequestSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    requester: z.string(),
    provider: z.string(),
    purpose: z.string(),
    categories: z.array(z.string()),
    exchangeIds: z.array(z.string()),
    justification: z.string(),
    status: z.enum(['pending', 'approved', 'refused']),
    requestedAt: z.string(),
    decidedAt: z.string().nullable(),
    decisionReason: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .openapi('FormalRequest');

const formalRequestBody = (view: FormalRequestView): z.infer<typeof formalRequestSchema> => ({
  ...view,
  categories: [...view.categories],
  exchangeIds: [...view.exchangeIds],
});

const newFormalRequestSchema = z
  .strictObject({
    provider: slugSchema,
    purpose: slugSchema,
    categories: categoriesSchema,
    exchangeIds: z
      .array(z.uuid())
      .min(1)
      .max(MAX_EXCHANGE_IDS)
      .refine((ids) => new Set(ids).size === ids.length, 'names an exchange twice')
      .openapi({
        description: `The exchanges (the exchangeId of a pull answer or of a push delivered to the requester) in which the requester received the categories from the provider, about this person; at most ${MAX_EXCHANGE_IDS}, each once`,
      }),
    justification: textSchema,
  })
  .openapi('NewFormalRequest');

const decisionSchema = z
  .discriminatedUnion('status', [
    z.strictObject({ status: z.literal('approved'), reason: textSchema, expiresAt: instantSchema }),
    z.strictObject({ status: z.literal('refused'), reason: textSchema }),
  ])
  .openapi('FormalRequestDecision');

/**
 * POST /v1/cases/{caseId}/persons/{personId}/formal-requests: a participant asks the
 * provider of data it received to reuse them for a named purpose.
 */
export function registerCreateFormalRequest(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/persons/{personId}/formal-requests',
    tags: ['formal requests'],
    summary: 'Request reuse of received data for a new purpose',
    security: SECURITY,
    request: { params: personParams, body: jsonBody(newFormalRequestSchema) },
    responses: {
      201: jsonResponse('The pending request', formalRequestSchema),
      ...problemsOf(400, 401, 403, 404, 413, 431),
      422: problemResponse(
        'EXCHANGE_NOT_RECEIVED: a named exchange is not one in which the requester received the requested categories from the provider about this person; PARTNER_UNKNOWN: the provider is not a partner of the network',
      ),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, personId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const created = await deps.store.formalRequests.request(deps.network, caseId, actorOf(c), {
      ...c.req.valid('json'),
      personId,
    });
    return c.json(formalRequestBody(created), 201);
  });
}

/** GET /v1/cases/{caseId}/persons/{personId}/formal-requests: pending and decided. */
export function registerListFormalRequests(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/cases/{caseId}/persons/{personId}/formal-requests',
    tags: ['formal requests'],
    summary: "The formal requests about a person's data",
    security: SECURITY,
    request: { params: personParams },
    responses: {
      200: jsonResponse('The requests', z.array(formalRequestSchema)),
      ...problems(),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, personId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const list = await deps.store.formalRequests.forPerson(deps.network, caseId, personId);
    return c.json(list.map(formalRequestBody), 200);
  });
}

/** POST /v1/cases/{caseId}/formal-requests/{requestId}/decision: the provider alone, once. */
export function registerDecideFormalRequest(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/formal-requests/{requestId}/decision',
    tags: ['formal requests'],
    summary: 'Approve or refuse a formal request (providing organisation only)',
    security: SECURITY,
    request: {
      params: caseParams.extend({
        requestId: z.uuid().openapi({ param: { name: 'requestId', in: 'path' } }),
      }),
      body: jsonBody(decisionSchema),
    },
    responses: {
      200: jsonResponse('The decided request', formalRequestSchema),
      ...problems(403, 409),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, requestId } = c.req.valid('param');
    const decision = c.req.valid('json');
    await visibleCase(deps, c, caseId);
    const decided = await deps.store.formalRequests.decide(
      deps.network,
      caseId,
      actorOf(c),
      requestId,
      decision.status === 'approved'
        ? { ...decision, expiresAt: new Date(decision.expiresAt) }
        : decision,
    );
    return c.json(formalRequestBody(decided), 200);
  });
}

export function formalRequestRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerCreateFormalRequest(routes, deps);
  registerListFormalRequests(routes, deps);
  registerDecideFormalRequest(routes, deps);
  return routes;
}
