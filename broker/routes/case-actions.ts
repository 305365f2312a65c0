import { createRoute, z } from '@hono/zod-openapi';
import {
  ACTION_DESCRIPTION_MAX,
  ACTION_STATUSES,
  type CaseActionView,
} from '../store/case-actions.ts';
import { SLUG_PATTERN } from '../store/domain-vocabulary.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  caseParams,
  jsonBody,
  jsonResponse,
  problemResponse,
  problems,
  SECURITY,
} from './api-routes.ts';
import { actorOf, visibleCase } from './case-access.ts';

// Built from the hono zod here, not the store's schemas, so that `.openapi` is there
// whatever order the modules load in; the store checks the same rules again.
const actionStatusSchema = z.enum(ACTION_STATUSES);
const calendarDateSchema = z.iso.date();
const organisationSchema = z.string().regex(SLUG_PATTERN, 'must be an organisation id');

const DESCRIPTION_DOC = `What is to be done, in at most ${ACTION_DESCRIPTION_MAX} characters: plan logistics ("arrange a school intake"), never personal data. Every participant reads it; the audit trail keeps only its SHA-256.`;

const descriptionSchema = z
  .string()
  .min(1)
  .max(ACTION_DESCRIPTION_MAX)
  .regex(/\S/, 'must not be blank')
  .openapi({ description: DESCRIPTION_DOC });

export const caseActionSchema = z
  .object({
    id: z.uuid(),
    organisation: z.string().openapi({ description: 'The organisation that carries the action' }),
    description: z.string(),
    meetingOn: z.string().openapi({ description: 'The date of the case meeting that agreed it' }),
    dueOn: z.string(),
    status: actionStatusSchema,
    overdue: z.boolean().openapi({ description: 'Past its due date and neither done nor dropped' }),
    agreedAt: z.string(),
    statusChangedAt: z.string(),
  })
  .openapi('CaseAction');

const actionBody = (view: CaseActionView): z.infer<typeof caseActionSchema> => ({ ...view });

const agreementSchema = z
  .strictObject({
    organisation: organisationSchema.openapi({
      description: 'The organisation that carries it; it must take part in the case',
    }),
    description: descriptionSchema,
    dueOn: calendarDateSchema,
    meetingOn: calendarDateSchema.optional().openapi({
      description: 'The date of the case meeting that agreed it; today if left out',
    }),
  })
  .openapi('ActionAgreement');

const changeSchema = z
  .strictObject({
    status: actionStatusSchema.optional(),
    organisation: organisationSchema.optional(),
    description: descriptionSchema.optional(),
    dueOn: calendarDateSchema.optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'must change something')
  .openapi('ActionChange', { minProperties: 1 });

const actionParams = caseParams.extend({
  actionId: z.uuid().openapi({ param: { name: 'actionId', in: 'path' } }),
});

const listQuerySchema = z.object({
  overdue: z.enum(['true', 'false']).optional().openapi({
    description: '`true`: only actions past their due date and neither done nor dropped',
  }),
});

const NOT_A_PARTICIPANT = {
  422: problemResponse(
    'CASE_PARTICIPANT_REQUIRED: the organisation does not take part in the case',
  ),
};

/** POST /v1/cases/{caseId}/actions: the case director or process director agrees an action. */
export function registerAgreeAction(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/actions',
    tags: ['plan'],
    summary: 'Record an action agreed in a case meeting (case director or process director)',
    security: SECURITY,
    request: { params: caseParams, body: jsonBody(agreementSchema) },
    responses: {
      201: jsonResponse('The agreed action', caseActionSchema),
      ...problems(403, 409),
      ...NOT_A_PARTICIPANT,
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const view = await deps.store.actions.agree(
      deps.network,
      caseId,
      actorOf(c),
      c.req.valid('json'),
    );
    return c.json(actionBody(view), 201);
  });
}

/**
 * PATCH /v1/cases/{caseId}/actions/{actionId}: the carrying organisation sets its status;
 * the case director and process director change anything.
 */
export function registerUpdateAction(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'patch',
    path: '/cases/{caseId}/actions/{actionId}',
    tags: ['plan'],
    summary:
      'Change an action: its status by the carrying organisation, anything by the case director or process director',
    security: SECURITY,
    request: { params: actionParams, body: jsonBody(changeSchema) },
    responses: {
      200: jsonResponse('The action after the change', caseActionSchema),
      ...problems(403, 409),
      ...NOT_A_PARTICIPANT,
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, actionId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const view = await deps.store.actions.update(
      deps.network,
      caseId,
      actionId,
      actorOf(c),
      c.req.valid('json'),
    );
    return c.json(actionBody(view), 200);
  });
}

/** GET /v1/cases/{caseId}/actions: the joint plan, by due date; `overdue=true` for follow-up. */
export function registerListActions(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/cases/{caseId}/actions',
    tags: ['plan'],
    summary: "List the joint plan's actions, the earliest due first",
    security: SECURITY,
    request: { params: caseParams, query: listQuerySchema },
    responses: {
      200: jsonResponse('The actions', z.array(caseActionSchema)),
      ...problems(),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    const { overdue } = c.req.valid('query');
    await visibleCase(deps, c, caseId);
    const list = await deps.store.actions.list(deps.network, caseId, {
      overdue: overdue === undefined ? undefined : overdue === 'true',
    });
    return c.json(list.map(actionBody), 200);
  });
}

export function caseActionRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerAgreeAction(routes, deps);
  registerUpdateAction(routes, deps);
  registerListActions(routes, deps);
  return routes;
}
