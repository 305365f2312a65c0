import { createRoute, z } from '@hono/zod-openapi';
import { ORGANISATION_ID_PATTERN } from '../../keys/certificate-profile.ts';
import { type PullDependencies, pull } from '../exchange/pull-exchange.ts';
import { slugSchema } from '../store/domain-vocabulary.ts';
import {
  type ApiRoutes,
  apiRoutes,
  jsonBody,
  jsonResponse,
  personParams,
  problems,
  SECURITY,
} from './api-routes.ts';
import { actorOf, visibleCaseWithParticipants } from './case-access.ts';

const distinct = (list: readonly string[]) => new Set(list).size === list.length;

const pullBodySchema = z
  .strictObject({
    purpose: slugSchema,
    categories: z.array(slugSchema).min(1).max(32).refine(distinct, 'must not repeat a category'),
    providers: z
      .array(z.string().regex(ORGANISATION_ID_PATTERN))
      .min(1)
      .max(32)
      .refine(distinct, 'must not repeat a provider')
      .optional(),
  })
  .openapi('PullRequest');

const pullResultSchema = z
  .discriminatedUnion('status', [
    z.object({
      provider: z.string(),
      status: z.literal('data'),
      exchangeId: z.string(),
      purpose: z.string(),
      data: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
    }),
    z.object({ provider: z.string(), status: z.literal('denied'), reasons: z.array(z.string()) }),
    z.object({ provider: z.string(), status: z.literal('unavailable') }),
  ])
  .openapi('PullResult');

/**
 * POST /v1/cases/{caseId}/persons/{personId}/pull: a participant asks the other partners
 * for categories of data about a person, for a purpose; one result per provider.
 */
export function registerPull(routes: ApiRoutes, deps: PullDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/persons/{personId}/pull',
    tags: ['exchange'],
    summary: 'Pull data categories about a person from the partners the policy allows',
    security: SECURITY,
    request: { params: personParams, body: jsonBody(pullBodySchema) },
    responses: {
      200: jsonResponse('One result per provider', z.array(pullResultSchema)),
      ...problems(),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, personId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { participants } = await visibleCaseWithParticipants(deps, c, caseId);
    const actor = actorOf(c);
    // The role the case gave the caller outranks the role the caller claims.
    const participation = participants.find(
      (p) => p.organisation === actor.organisation && p.user === actor.user,
    );
    const results = await pull(deps, {
      requester: { ...actor, role: participation?.role ?? c.get('user').role },
      caseId,
      personId,
      purpose: body.purpose,
      categories: body.categories,
      providers: body.providers,
      requestId: c.get('requestId'),
    });
    return c.json(results, 200);
  });
}

export function exchangeRoutes(deps: PullDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerPull(routes, deps);
  return routes;
}
