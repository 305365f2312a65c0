import { createRoute, z } from '@hono/zod-openapi';
import { caseRoleSchema } from '../../policies/vocabulary/case-roles.ts';
import { actorSchema } from '../store/actor.ts';
import type { ParticipantView } from '../store/participant-registry.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  caseParams,
  jsonBody,
  jsonResponse,
  problems,
  SECURITY,
} from './api-routes.ts';
import { actorOf, visibleCase } from './case-access.ts';

const participantSchema = z
  .object({
    id: z.uuid(),
    organisation: z.string(),
    user: z.string(),
    role: caseRoleSchema,
    addedAt: z.string(),
  })
  .openapi('Participant');

const participantBody = (view: ParticipantView): z.infer<typeof participantSchema> => ({ ...view });

const newParticipantSchema = z
  .strictObject({
    organisation: actorSchema.shape.organisation,
    user: actorSchema.shape.user,
    role: z.enum(['case_participant', 'privacy_officer']),
  })
  .openapi('NewParticipant');

const caseDirectorSchema = z
  .strictObject({
    organisation: actorSchema.shape.organisation,
    user: actorSchema.shape.user,
  })
  .openapi('CaseDirectorAppointment');

/** GET /v1/cases/{caseId}/participants: who currently takes part, in which role. */
export function registerListParticipants(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/cases/{caseId}/participants',
    tags: ['participants'],
    summary: 'List the current participants of a case',
    security: SECURITY,
    request: { params: caseParams },
    responses: {
      200: jsonResponse('The current participants', z.array(participantSchema)),
      ...problems(),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const list = await deps.store.participants.list(deps.network, caseId);
    return c.json(list.map(participantBody), 200);
  });
}

/** POST /v1/cases/{caseId}/participants: the process director adds an employee of a partner. */
export function registerAddParticipant(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/participants',
    tags: ['participants'],
    summary: 'Add a participant (process director only)',
    security: SECURITY,
    request: { params: caseParams, body: jsonBody(newParticipantSchema) },
    responses: {
      201: jsonResponse('The added participant', participantSchema),
      ...problems(403, 409, 422),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const added = await deps.store.participants.add(
      deps.network,
      caseId,
      actorOf(c),
      c.req.valid('json'),
    );
    return c.json(participantBody(added), 201);
  });
}

/**
 * PUT /v1/cases/{caseId}/case-director: the case meeting appoints the case director; a new
 * appointment replaces the previous one.
 */
export function registerAppointCaseDirector(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'put',
    path: '/cases/{caseId}/case-director',
    tags: ['participants'],
    summary: 'Appoint the case director (process director only)',
    security: SECURITY,
    request: { params: caseParams, body: jsonBody(caseDirectorSchema) },
    responses: {
      200: jsonResponse('The appointed case director', participantSchema),
      ...problems(403, 409, 422),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const appointed = await deps.store.participants.appointCaseDirector(
      deps.network,
      caseId,
      actorOf(c),
      c.req.valid('json'),
    );
    return c.json(participantBody(appointed), 200);
  });
}

const participantParams = caseParams.extend({
  participantId: z.uuid().openapi({ param: { name: 'participantId', in: 'path' } }),
});

/** DELETE /v1/cases/{caseId}/participants/{participantId}: ends a participation from now on. */
export function registerRemoveParticipant(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'delete',
    path: '/cases/{caseId}/participants/{participantId}',
    tags: ['participants'],
    summary: 'Remove a participant (process director only)',
    security: SECURITY,
    request: { params: participantParams },
    responses: { 204: { description: 'Removed' }, ...problems(403) },
  });
  routes.openapi(route, async (c) => {
    const { caseId, participantId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    await deps.store.participants.remove(deps.network, caseId, actorOf(c), participantId);
    return c.body(null, 204);
  });
}

export function participantRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerListParticipants(routes, deps);
  registerAddParticipant(routes, deps);
  registerAppointCaseDirector(routes, deps);
  registerRemoveParticipant(routes, deps);
  return routes;
}
