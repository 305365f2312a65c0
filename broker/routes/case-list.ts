import { createRoute, z } from '@hono/zod-openapi';
import { casePhaseSchema } from '../../policies/vocabulary/case-phases.ts';
import { caseTypeSchema } from '../store/domain-vocabulary.ts';
import {
  CASE_CURSOR_PATTERN,
  type CaseListQuery,
  DEFAULT_CASE_PAGE_LIMIT,
  MAX_CASE_PAGE_LIMIT,
} from '../store/visible-cases.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  instantSchema,
  jsonResponse,
  problems,
  SECURITY,
} from './api-routes.ts';
import { viewerOf } from './case-access.ts';
import { caseBody, caseSchema } from './cases.ts';

const flagSchema = z.enum(['true', 'false']);

const listQuerySchema = z.object({
  phase: casePhaseSchema.optional(),
  caseType: caseTypeSchema.optional(),
  registeredFrom: instantSchema
    .optional()
    .openapi({ description: 'Registered at or after this instant' }),
  registeredTo: instantSchema.optional().openapi({ description: 'Registered before this instant' }),
  closedFrom: instantSchema.optional().openapi({ description: 'Closed at or after this instant' }),
  closedTo: instantSchema.optional().openapi({ description: 'Closed before this instant' }),
  reviewDue: flagSchema.optional().openapi({
    description:
      "`true`: only cases on the shadow list whose review date has come (the process director's due list); `false`: only the others",
  }),
  directedByMe: flagSchema.optional().openapi({
    description:
      '`true`: only cases the caller directs, as process director or case director; `false`: only the others',
  }),
  cursor: z
    .string()
    .regex(CASE_CURSOR_PATTERN)
    .optional()
    .openapi({ description: "The previous page's `next`, as it was given" }),
  limit: z.coerce.number().int().min(1).max(MAX_CASE_PAGE_LIMIT).optional(),
});

const casePageSchema = z
  .object({ cases: z.array(caseSchema), next: z.string().nullable() })
  .openapi('CasePage');

/** An instant as the store keeps it (UTC, milliseconds), so that text order is time order. */
const stored = (instant: string | undefined) =>
  instant === undefined ? undefined : new Date(instant).toISOString();

const flag = (value: 'true' | 'false' | undefined) =>
  value === undefined ? undefined : value === 'true';

/**
 * GET /v1/cases: the cases the caller may see (case-access.ts, one rule with the case
 * routes), newest registration first.
 */
export function registerCaseList(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/cases',
    tags: ['cases'],
    summary: 'List the cases the caller may see, newest first',
    description: `A page of at most \`limit\` cases (default ${DEFAULT_CASE_PAGE_LIMIT}, at most ${MAX_CASE_PAGE_LIMIT}); \`next\` continues it, unaffected by cases registered meanwhile. An employee sees the cases in which an employee of their organisation takes part; the process director of the network's coordinating organisation sees every case of the network. A case whose retention period has ended is never listed.`,
    security: SECURITY,
    request: { query: listQuerySchema },
    responses: { 200: jsonResponse('A page of cases', casePageSchema), ...problems() },
  });
  routes.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const list: CaseListQuery = {
      phase: query.phase,
      caseType: query.caseType,
      registeredFrom: stored(query.registeredFrom),
      registeredTo: stored(query.registeredTo),
      closedFrom: stored(query.closedFrom),
      closedTo: stored(query.closedTo),
      reviewDue: flag(query.reviewDue),
      directedByMe: flag(query.directedByMe),
      cursor: query.cursor,
      limit: query.limit,
    };
    const page = await deps.store.visibleCases.page(deps.network, viewerOf(c), list);
    return c.json({ cases: page.cases.map(caseBody), next: page.next }, 200);
  });
}

export function caseListRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerCaseList(routes, deps);
  return routes;
}
