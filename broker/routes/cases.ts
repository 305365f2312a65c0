import { createRoute, z } from '@hono/zod-openapi';
import { casePhaseSchema } from '../../policies/vocabulary/case-phases.ts';
import { CaseRoleRequiredError } from '../errors/broker-error.ts';
import { allowedActions } from '../store/case-lifecycle.ts';
import type { CaseView } from '../store/case-registry.ts';
import {
  caseTypeSchema,
  evaluationOutcomeSchema,
  lifeDomainSchema,
  registrationCriteriaSchema,
} from '../store/domain-vocabulary.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  caseParams,
  distinctList,
  jsonBody,
  jsonResponse,
  problems,
  SECURITY,
} from './api-routes.ts';
import { actorOf, visibleCase } from './case-access.ts';

export const caseSchema = z
  .object({
    id: z.uuid(),
    network: z.string(),
    caseType: caseTypeSchema,
    lifeDomains: z.array(lifeDomainSchema),
    criteria: registrationCriteriaSchema,
    phase: casePhaseSchema,
    registeredBy: z.string(),
    registeredAt: z.string(),
    triageDecision: z.enum(['accepted', 'advised_registrant']).nullable(),
    shadowReviewAt: z.string().nullable(),
    reviewDue: z.boolean().openapi({
      description: 'On the shadow list and its review date has come: close it or return it',
    }),
    reviewOverdue: z.boolean().openapi({
      description: 'The review has been due for more than a month',
    }),
    outcome: evaluationOutcomeSchema.nullable(),
    closedAt: z.string().nullable(),
    allowedActions: z.array(z.string()).openapi({
      description: 'The transitions the current phase allows, whoever may make them',
    }),
  })
  .openapi('Case');

export function caseBody(view: CaseView): z.infer<typeof caseSchema> {
  return {
    ...view,
    lifeDomains: [...view.lifeDomains],
    allowedActions: allowedActions(view.phase),
  };
}

const registrationSchema = z
  .strictObject({
    caseType: caseTypeSchema,
    lifeDomains: distinctList(lifeDomainSchema, 'life domain', { min: 1, max: 13 }),
    criteria: registrationCriteriaSchema,
  })
  .openapi('CaseRegistration');

/** POST /v1/cases: a covenant partner registers a case; its employee becomes a participant. */
export function registerCase(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases',
    tags: ['cases'],
    summary: 'Register a case',
    security: SECURITY,
    request: { body: jsonBody(registrationSchema) },
    responses: { 201: jsonResponse('The registered case', caseSchema), ...problems(422) },
  });
  routes.openapi(route, async (c) => {
    const view = await deps.store.cases.register(deps.network, actorOf(c), c.req.valid('json'));
    return c.json(caseBody(view), 201);
  });
}

/** GET /v1/cases/{caseId}: for those who see it by the rule of case-access.ts. */
export function registerGetCase(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/cases/{caseId}',
    tags: ['cases'],
    summary: 'Read a case',
    security: SECURITY,
    request: { params: caseParams },
    responses: { 200: jsonResponse('The case', caseSchema), ...problems() },
  });
  routes.openapi(route, async (c) => {
    const view = await visibleCase(deps, c, c.req.valid('param').caseId);
    return c.json(caseBody(view), 200);
  });
}

const transitionSchema = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('start_triage') }),
    z.strictObject({ action: z.literal('accept') }),
    z.strictObject({ action: z.literal('advise_registrant') }),
    z.strictObject({ action: z.literal('start_monitoring') }),
    z.strictObject({ action: z.literal('return_to_case_meeting') }),
    z.strictObject({ action: z.literal('move_to_shadow_list') }),
    z.strictObject({ action: z.literal('close'), outcome: evaluationOutcomeSchema }),
    z.strictObject({ action: z.literal('reopen') }),
  ])
  .openapi('CaseTransition');

/**
 * POST /v1/cases/{caseId}/transitions: moves the case through the four-phase model. The
 * process direction's employee takes a registration up (start_triage) and thereby becomes
 * its process director; every later transition is that process director's.
 */
export function registerTransition(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/transitions',
    tags: ['cases'],
    summary: 'Move a case to its next phase',
    security: SECURITY,
    request: { params: caseParams, body: jsonBody(transitionSchema) },
    responses: {
      200: jsonResponse('The case after the transition', caseSchema),
      ...problems(403, 409),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    const transition = c.req.valid('json');
    await visibleCase(deps, c, caseId);
    const actor = actorOf(c);
    const cases = deps.store.cases;
    const network = deps.network;
    let view: CaseView;
    switch (transition.action) {
      case 'start_triage':
        // The assertion role matters here only: from then on the case records who directs it.
        if (c.get('user').role !== 'process_director') {
          throw new CaseRoleRequiredError('process_director', 'start_triage');
        }
        view = await cases.startTriage(network, caseId, actor);
        break;
      case 'accept':
        view = await cases.accept(network, caseId, actor);
        break;
      case 'advise_registrant':
        view = await cases.adviseRegistrant(network, caseId, actor);
        break;
      case 'start_monitoring':
        view = await cases.startMonitoring(network, caseId, actor);
        break;
      case 'return_to_case_meeting':
        view = await cases.returnToCaseMeeting(network, caseId, actor);
        break;
      case 'move_to_shadow_list':
        view = await cases.moveToShadowList(network, caseId, actor);
        break;
      case 'close':
        view = await cases.close(network, caseId, actor, transition.outcome);
        break;
      case 'reopen':
        view = await cases.reopen(network, caseId, actor);
        break;
    }
    return c.json(caseBody(view), 200);
  });
}

/** Registers every case route on one router. */
export function caseRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerCase(routes, deps);
  registerGetCase(routes, deps);
  registerTransition(routes, deps);
  return routes;
}
