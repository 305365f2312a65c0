import { createRoute, z } from '@hono/zod-openapi';
import { RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import { formatTraceparent } from '../../adapters/contract/trace-context.ts';
import { thresholdSchema } from '../audit/statistics/cell-suppression.ts';
import { caseReportParametersSchema, MAX_REPORT_YEARS } from '../reports/case-report.ts';
import { caseReportCsv } from '../reports/case-report-csv.ts';
import {
  CaseReportReaderRequiredError,
  caseReportRead,
  mayReadCaseReport,
} from '../reports/report-reader.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  problemResponse,
  problemsOf,
  SECURITY,
} from './api-routes.ts';

const publishedCount = z.union([z.int(), z.string()]).openapi({
  description: 'A count, or `<10` / `≥10` where it is hidden',
});

const reportTableSchema = z.object({
  title: z.string(),
  rowsAre: z.string(),
  columnsAre: z.string(),
  rows: z.array(z.string()).readonly(),
  columns: z.array(z.string()).readonly(),
  cells: z.array(z.array(publishedCount).readonly()).readonly(),
  rowTotals: z.array(publishedCount).readonly(),
  columnTotals: z.array(publishedCount).readonly(),
  total: publishedCount,
  withheld: z.string().optional(),
});

const caseReportSchema = z
  .object({
    network: z.string(),
    from: z.int(),
    to: z.int(),
    threshold: z.int(),
    tables: z.object({
      casesByType: reportTableSchema,
      outcomes: reportTableSchema,
      ageBandsByGender: reportTableSchema,
      lifeDomains: reportTableSchema,
    }),
  })
  .openapi('CaseReport');

const yearSchema = z.string().regex(/^\d{4}$/);

const reportQuerySchema = z.object({
  from: yearSchema.openapi({ description: 'The first year of closing counted' }),
  to: yearSchema.openapi({
    description: `The last year of closing counted, not before \`from\`; at most ${MAX_REPORT_YEARS} years`,
  }),
  threshold: thresholdSchema
    .optional()
    .openapi({ description: 'Counts below it are hidden; default 10' }),
  format: z.enum(['json', 'csv']).optional().openapi({
    description: 'Default json, or csv where the Accept header asks for text/csv',
  }),
});

/**
 * GET /v1/reports/cases: the yearly report's tables over the anonymous records of the
 * closed cases, which outlive the cases' deletion.
 */
export function reportRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  // Before a request is validated: anyone else learns nothing of this route's rules.
  routes.use('/reports/*', async (c, next) => {
    const { coordinatorOrganisation } = await deps.store.networks.getNetwork(deps.network);
    const reader = { organisation: c.get('partner').organisation, role: c.get('user').role };
    if (!mayReadCaseReport({ ...reader, user: c.get('user').userId }, coordinatorOrganisation)) {
      throw new CaseReportReaderRequiredError();
    }
    await next();
  });

  const route = createRoute({
    method: 'get',
    path: '/reports/cases',
    tags: ['reports'],
    summary:
      'The yearly report: cases per type, outcomes, persons by gender and age band, life domains (process director, privacy officer)',
    description:
      'Counted from an anonymous record each closed case leaves, so a case still counts after the retention job deleted its data. Counts under `threshold` show as `<10`; further counts are hidden (`≥10`) so that no hidden count can be computed from the totals. CSV: one line per count, `table,row,column,count`.',
    security: SECURITY,
    request: { query: reportQuerySchema },
    responses: {
      200: {
        description: 'The report, as JSON or CSV',
        content: {
          'application/json': { schema: caseReportSchema },
          'text/csv': { schema: { type: 'string' as const } },
        },
      },
      ...problemsOf(400, 401, 404, 413, 431),
      403: problemResponse(
        "CASE_REPORT_READER_REQUIRED: the report is read by the process director (of the network's coordinating organisation) or a privacy officer",
      ),
    },
  });
  routes.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const parsed = caseReportParametersSchema.safeParse(query);
    if (!parsed.success) {
      throw new RequestInvalidError(
        'the report query is invalid',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const format =
      query.format ?? (/\btext\/csv\b/.test(c.req.header('accept') ?? '') ? 'csv' : 'json');
    const report = await deps.store.caseReports.report(deps.network, parsed.data);
    const user = c.get('user');
    await deps.store.audit.append(
      caseReportRead({
        network: deps.network,
        reader: { organisation: c.get('partner').organisation, user: user.userId, role: user.role },
        via: 'api',
        details: { ...parsed.data, format },
        requestId: c.get('requestId'),
        traceparent: formatTraceparent(c.get('trace')),
      }),
    );
    c.header('cache-control', 'no-store');
    if (format === 'json') return c.json(report, 200);
    return c.body(caseReportCsv(report), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });
  return routes;
}
