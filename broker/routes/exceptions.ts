import { createRoute, z } from '@hono/zod-openapi';
import {
  categoriesSchema,
  exceptionReasonSchema,
  providerDecisionSchema,
  slugSchema,
  textSchema,
} from '../store/domain-vocabulary.ts';
import type { ExceptionView } from '../store/legal-ground-register.ts';
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

const exceptionSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    recipient: z.string(),
    categories: z.array(z.string()),
    reason: exceptionReasonSchema,
    justification: z.string(),
    approvedBy: z.object({ organisation: z.string(), user: z.string() }),
    approvedAt: z.string(),
    expiresAt: z.string(),
    providerDecisions: z
      .array(
        z.object({
          provider: z.string(),
          decision: providerDecisionSchema,
          reason: z.string(),
          decidedBy: z.object({ organisation: z.string(), user: z.string() }),
          decidedAt: z.string(),
        }),
      )
      .openapi({
        description:
          'The providing organisations that approved or refused the exception, in the order they decided: for special categories it counts only for a provider that approved it, or for the approving organisation itself',
      }),
  })
  .openapi('LegalGroundException');

const exceptionBody = (view: ExceptionView): z.infer<typeof exceptionSchema> => ({
  ...view,
  categories: [...view.categories],
  providerDecisions: [...view.providerDecisions],
});

const newExceptionSchema = z
  .strictObject({
    recipient: slugSchema,
    categories: categoriesSchema,
    reason: exceptionReasonSchema,
    justification: textSchema,
    expiresAt: instantSchema.openapi({ description: 'Must lie in the future' }),
  })
  .openapi('NewLegalGroundException');

const newProviderDecisionSchema = z
  .strictObject({ decision: providerDecisionSchema, reason: textSchema })
  .openapi('NewExceptionProviderDecision');

const exceptionParams = caseParams.extend({
  exceptionId: z.uuid().openapi({ param: { name: 'exceptionId', in: 'path' } }),
});

/**
 * POST /v1/cases/{caseId}/persons/{personId}/exceptions: the process director records a
 * legal ground to share without consent, which is the approval; limited in time.
 */
export function registerRecordException(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/persons/{personId}/exceptions',
    tags: ['exceptions'],
    summary: 'Record an approved legal-ground exception (process director only)',
    security: SECURITY,
    request: { params: personParams, body: jsonBody(newExceptionSchema) },
    responses: {
      201: jsonResponse('The approved exception', exceptionSchema),
      ...problems(403, 409, 422),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, personId } = c.req.valid('param');
    const input = c.req.valid('json');
    await visibleCase(deps, c, caseId);
    const approved = await deps.store.legalGrounds.approve(deps.network, caseId, actorOf(c), {
      ...input,
      personId,
      expiresAt: new Date(input.expiresAt),
    });
    return c.json(exceptionBody(approved), 201);
  });
}

/** GET /v1/cases/{caseId}/persons/{personId}/exceptions: expired ones included. */
export function registerListExceptions(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/cases/{caseId}/persons/{personId}/exceptions',
    tags: ['exceptions'],
    summary: "A person's legal-ground exceptions",
    security: SECURITY,
    request: { params: personParams },
    responses: { 200: jsonResponse('The exceptions', z.array(exceptionSchema)), ...problems() },
  });
  routes.openapi(route, async (c) => {
    const { caseId, personId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const list = await deps.store.legalGrounds.forPerson(deps.network, caseId, personId);
    return c.json(list.map(exceptionBody), 200);
  });
}

/** POST /v1/cases/{caseId}/exceptions/{exceptionId}/revocation: ends the exception now. */
export function registerRevokeException(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/exceptions/{exceptionId}/revocation',
    tags: ['exceptions'],
    summary: 'Revoke an exception (process director only)',
    security: SECURITY,
    request: { params: exceptionParams },
    responses: { 204: { description: 'Revoked' }, ...problems(403, 409) },
  });
  routes.openapi(route, async (c) => {
    const { caseId, exceptionId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    await deps.store.legalGrounds.revoke(deps.network, caseId, actorOf(c), exceptionId);
    return c.body(null, 204);
  });
}

/**
 * POST /v1/cases/{caseId}/exceptions/{exceptionId}/provider-decision: an organisation
 * that would provide the exception's categories approves or refuses it, once; neither the
 * recipient nor the approving organisation.
 */
export function registerDecideExceptionAsProvider(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/exceptions/{exceptionId}/provider-decision',
    tags: ['exceptions'],
    summary:
      'Approve or refuse an exception as a providing organisation (special categories need it)',
    security: SECURITY,
    request: { params: exceptionParams, body: jsonBody(newProviderDecisionSchema) },
    responses: {
      201: jsonResponse('The exception with the decision', exceptionSchema),
      ...problems(403, 409),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, exceptionId } = c.req.valid('param');
    const input = c.req.valid('json');
    await visibleCase(deps, c, caseId);
    const decided = await deps.store.legalGrounds.decideAsProvider(
      deps.network,
      caseId,
      actorOf(c),
      exceptionId,
      input,
    );
    return c.json(exceptionBody(decided), 201);
  });
}

export function exceptionRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerRecordException(routes, deps);
  registerListExceptions(routes, deps);
  registerRevokeException(routes, deps);
  registerDecideExceptionAsProvider(routes, deps);
  return routes;
}
