import { createRoute, z } from '@hono/zod-openapi';
import { casePhaseSchema } from '../../policies/vocabulary/case-phases.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  caseParams,
  jsonResponse,
  problems,
  SECURITY,
} from './api-routes.ts';
import { visibleCase } from './case-access.ts';
import { caseActionSchema } from './case-actions.ts';

const progressSchema = z
  .object({
    caseId: z.uuid(),
    phase: casePhaseSchema,
    shadowReviewAt: z.string().nullable(),
    reviewDue: z.boolean(),
    reviewOverdue: z.boolean(),
    phases: z.array(z.object({ phase: casePhaseSchema, enteredAt: z.string() })),
    meetings: z
      .array(z.object({ on: z.string(), actionIds: z.array(z.uuid()) }))
      .openapi({ description: 'The case meetings that agreed actions, by date' }),
    actions: z.array(caseActionSchema),
  })
  .openapi('CaseProgress');

/**
 * GET /v1/cases/{caseId}/progress: the timeline a participant follows the case by; never
 * anything exchanged about a person.
 */
export function registerProgress(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/cases/{caseId}/progress',
    tags: ['plan'],
    summary: 'The course of a case: its phases, the meetings that agreed actions, and the actions',
    description:
      'For everyone who sees the case. It holds no persons and nothing that was exchanged about them.',
    security: SECURITY,
    request: { params: caseParams },
    responses: { 200: jsonResponse('The progress of the case', progressSchema), ...problems() },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    const view = await visibleCase(deps, c, caseId);
    const progress = await deps.store.progress.of(deps.network, caseId);
    return c.json(
      {
        caseId: view.id,
        phase: view.phase,
        shadowReviewAt: view.shadowReviewAt,
        reviewDue: view.reviewDue,
        reviewOverdue: view.reviewOverdue,
        phases: [...progress.phases],
        meetings: progress.meetings.map((m) => ({ on: m.on, actionIds: [...m.actionIds] })),
        actions: progress.actions.map((a) => ({ ...a })),
      },
      200,
    );
  });
}

export function progressRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerProgress(routes, deps);
  return routes;
}
