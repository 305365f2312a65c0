import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { NotFoundError, RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import { formatTraceparent } from '../../adapters/contract/trace-context.ts';
import { ORGANISATION_ID_PATTERN } from '../../keys/certificates/certificate-profile.ts';
import type { Clock } from '../../keys/clock.ts';
import { entriesAsJsonLines } from '../audit/export/jsonl-export.ts';
import { ldvJsonLines } from '../audit/export/ldv-export.ts';
import { periodQuerySchema } from '../audit/export/period-entries.ts';
import type { AuditScope } from '../audit/search/audit-scope.ts';
import {
  DEFAULT_PAGE_LIMIT,
  type EntryFilters,
  MAX_PAGE_LIMIT,
} from '../audit/search/entry-search.ts';
import {
  type AuditReader,
  type OfficerRead,
  privacyOfficerScope,
  readAuditEntry,
  readStatistics,
  readSubjectAccess,
  recordAuditRead,
  requirePrivacyOfficer,
} from '../audit/search/privacy-officer-access.ts';
import { type AuditRead, filterDetails } from '../audit/search/read-record.ts';
import { thresholdSchema } from '../audit/statistics/cell-suppression.ts';
import {
  STATISTICS_DIMENSIONS,
  statisticsParametersSchema,
} from '../audit/statistics/exchange-statistics.ts';
import { STATISTICS_PERIODS } from '../audit/statistics/statistics-periods.ts';
import type { VerificationOutcome } from '../audit/status/verification-schedule.ts';
import { subjectAccessPdf } from '../audit/subject-access/subject-access-pdf.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import { slugSchema } from '../store/domain-vocabulary.ts';
import {
  type ApiDependencies,
  type ApiEnv,
  type ApiRoutes,
  apiRoutes,
  instantSchema,
  jsonBody,
  jsonResponse,
  problemResponse,
  problemsOf,
  SECURITY,
} from './api-routes.ts';

export interface AuditRouteDependencies extends ApiDependencies {
  /** The covenant's purpose titles, for the subject access report. */
  readonly policy: PolicyEngine;
  readonly clock: Clock;
  /** The outcome of the last scheduled verification of the whole trail. */
  readonly verification: { latest(): VerificationOutcome | null };
}

type AuditContext = Context<ApiEnv>;

const organisationSchema = z.string().regex(ORGANISATION_ID_PATTERN);

const filterFields = {
  from: instantSchema.optional().openapi({ description: 'Entries at or after this instant' }),
  to: instantSchema.optional().openapi({ description: 'Entries before this instant' }),
  requester: organisationSchema.optional(),
  provider: organisationSchema.optional(),
  recipient: organisationSchema.optional(),
  caseId: z.uuid().optional(),
  purpose: slugSchema.optional(),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_.]{0,63}$/)
    .optional()
    .openapi({ description: 'exchange.pull, exchange.push, access.refused, audit.search, ...' }),
  decision: z.enum(['allow', 'deny']).optional(),
  reason: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,63}$/)
    .optional()
    .openapi({ description: 'A reason code, or the code a request was refused with' }),
  exchangeId: z.uuid().optional(),
  traceId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  cursor: z.string().max(64).optional().openapi({ description: "The previous page's `next`" }),
};

const searchQuerySchema = z.object({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).optional(),
});

const personSearchSchema = z
  .strictObject({
    ...filterFields,
    limit: z.int().min(1).max(MAX_PAGE_LIMIT).optional(),
    nationalId: z.string().max(64).optional().openapi({
      description:
        'The person searched for: the broker turns it into the pseudonym the trail knows them by. Never in a URL.',
    }),
  })
  .openapi('AuditSearch');

const reasonSchema = z.object({ code: z.string(), category: z.string().optional() });

const entrySchema = z
  .object({
    seq: z.int(),
    at: z.string(),
    type: z.string(),
    network: z.string(),
    requester: z
      .object({
        organisation: z.string(),
        user: z.string().nullable(),
        role: z.string().nullable(),
      })
      .nullable(),
    provider: z.string().nullable(),
    recipient: z.string().nullable(),
    caseId: z.string().nullable(),
    personPseudonym: z.string().nullable(),
    purpose: z.string().nullable(),
    requestedCategories: z.array(z.string()).nullable(),
    releasedCategories: z.array(z.string()),
    fields: z.array(z.string()),
    droppedFields: z.array(z.string()),
    payloadSha256: z.string().nullable(),
    decision: z.enum(['allow', 'deny']).nullable(),
    reasons: z.array(reasonSchema),
    outcomes: z.array(
      z.object({
        category: z.string(),
        outcome: z.enum(['released', 'withheld', 'not_returned']),
        codes: z.array(z.string()),
      }),
    ),
    grounds: z.record(z.string(), z.object({ type: z.string(), id: z.string() })),
    policyRevision: z.string().nullable(),
    requestId: z.string().nullable(),
    exchangeId: z.string().nullable(),
    traceparent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const pageSchema = z
  .object({ entries: z.array(entrySchema), next: z.string().nullable() })
  .openapi('AuditEntryPage');

const OFFICER_ONLY = {
  403: problemResponse(
    'PRIVACY_OFFICER_REQUIRED (or NETWORK_PRIVACY_OFFICER_REQUIRED): the audit is read by a privacy officer only',
  ),
};

function readerOf(c: AuditContext): AuditReader {
  const user = c.get('user');
  return { organisation: c.get('partner').organisation, user: user.userId, role: user.role };
}

function officerRead(deps: AuditRouteDependencies, c: AuditContext): OfficerRead {
  return {
    store: deps.store,
    network: deps.network,
    reader: readerOf(c),
    via: 'api',
    trace: { requestId: c.get('requestId'), traceparent: formatTraceparent(c.get('trace')) },
  };
}

/** What the privacy officer may read: the network's every entry, a partner's its own. */
function officerScope(
  deps: AuditRouteDependencies,
  c: AuditContext,
  action: string,
  needs: 'any' | 'network' = 'any',
): Promise<AuditScope> {
  return privacyOfficerScope(deps.store, deps.network, readerOf(c), action, needs);
}

/** Each read is an entry of its own, durable before the answer leaves. */
function recordRead(
  deps: AuditRouteDependencies,
  c: AuditContext,
  read: Pick<AuditRead, 'action' | 'details' | 'caseId' | 'personPseudonym'>,
): Promise<void> {
  const trace = { requestId: c.get('requestId'), traceparent: formatTraceparent(c.get('trace')) };
  return recordAuditRead(deps.store, deps.network, readerOf(c), 'api', trace, read);
}

function entryFilters(query: z.infer<typeof searchQuerySchema>): EntryFilters {
  const { from, to, cursor: _cursor, limit: _limit, ...rest } = query;
  return {
    ...rest,
    ...(from === undefined ? {} : { from: new Date(from) }),
    ...(to === undefined ? {} : { to: new Date(to) }),
  };
}

function registerSearch(routes: ApiRoutes, deps: AuditRouteDependencies): void {
  const get = createRoute({
    method: 'get',
    path: '/audit/entries',
    tags: ['audit'],
    summary: 'Search the audit trail, newest first (privacy officer)',
    description: `A page of at most \`limit\` entries (default ${DEFAULT_PAGE_LIMIT}, at most ${MAX_PAGE_LIMIT}); \`next\` continues it, unaffected by entries appended meanwhile. A partner's privacy officer sees the entries in which its organisation is requester, provider or recipient; the network's, every entry. To search for a person, POST the national identifier instead: it never belongs in a URL.`,
    security: SECURITY,
    request: { query: searchQuerySchema },
    responses: {
      200: jsonResponse('A page of entries', pageSchema),
      ...problemsOf(400, 401, 404, 413, 429, 431),
      ...OFFICER_ONLY,
    },
  });
  routes.openapi(get, async (c) => {
    const query = c.req.valid('query');
    const scope = await officerScope(deps, c, 'searching the audit trail');
    const page = await deps.store.auditQueries.search({
      ...entryFilters(query),
      network: deps.network,
      scope,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    });
    await recordRead(deps, c, {
      action: 'search',
      caseId: query.caseId,
      details: { ...filterDetails(query), results: page.entries.length },
    });
    return c.json(page, 200);
  });

  const post = createRoute({
    method: 'post',
    path: '/audit/entries',
    tags: ['audit'],
    summary: 'Search the audit trail, also for a person by national identifier (privacy officer)',
    description:
      'The filters of GET /v1/audit/entries in a JSON body, plus `nationalId`: the broker searches for the pseudonym the trail knows that person by. The identifier is never stored, logged or answered.',
    security: SECURITY,
    request: { body: jsonBody(personSearchSchema) },
    responses: {
      200: jsonResponse('A page of entries', pageSchema),
      ...problemsOf(400, 401, 404, 413, 429, 431),
      ...OFFICER_ONLY,
    },
  });
  routes.openapi(post, async (c) => {
    const body = c.req.valid('json');
    const scope = await officerScope(deps, c, 'searching the audit trail');
    const { nationalId, ...filters } = body;
    const personPseudonym =
      nationalId === undefined ? undefined : deps.store.persons.pseudonymOf(nationalId);
    const page = await deps.store.auditQueries.search({
      ...entryFilters(filters),
      network: deps.network,
      scope,
      ...(personPseudonym === undefined ? {} : { personPseudonym }),
      ...(filters.cursor === undefined ? {} : { cursor: filters.cursor }),
      ...(filters.limit === undefined ? {} : { limit: filters.limit }),
    });
    await recordRead(deps, c, {
      action: 'search',
      caseId: filters.caseId,
      personPseudonym,
      details: { ...filterDetails(filters), results: page.entries.length },
    });
    return c.json(page, 200);
  });
}

function registerEntry(routes: ApiRoutes, deps: AuditRouteDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/audit/entries/{seq}',
    tags: ['audit'],
    summary: 'One entry with its place in the chain (privacy officer)',
    security: SECURITY,
    request: {
      params: z.object({
        seq: z.coerce
          .number()
          .int()
          .min(1)
          .max(Number.MAX_SAFE_INTEGER)
          .openapi({ param: { name: 'seq', in: 'path' } }),
      }),
    },
    responses: {
      200: jsonResponse(
        'The entry, and the signed checkpoint that covers it (null while none does yet)',
        z
          .object({
            entry: entrySchema,
            coveredBy: z.object({ seq: z.int(), hash: z.string(), at: z.string() }).nullable(),
          })
          .openapi('AuditEntryRecord'),
      ),
      ...problemsOf(400, 401, 404, 413, 429, 431),
      ...OFFICER_ONLY,
    },
  });
  routes.openapi(route, async (c) => {
    const record = await readAuditEntry(officerRead(deps, c), c.req.valid('param').seq);
    if (record === undefined) throw new NotFoundError('audit entry');
    return c.json(record, 200);
  });
}

const subjectAccessSchema = z
  .strictObject({
    nationalId: z.string().max(64),
    copy: z.enum(['person', 'privacy_officer']).default('person').openapi({
      description:
        "`person`: the letter's copy, without what an investigation in force withholds; `privacy_officer`: every entry, the withheld ones marked",
    }),
    format: z.enum(['json', 'pdf']).default('json'),
  })
  .openapi('SubjectAccessRequest');

function registerSubjectAccess(routes: ApiRoutes, deps: AuditRouteDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/audit/subject-access',
    tags: ['audit'],
    summary:
      "A person's subject access report: every exchange about them (network's privacy officer)",
    security: SECURITY,
    request: { body: jsonBody(subjectAccessSchema) },
    responses: {
      200: {
        description: 'The report, as JSON or as a PDF for the letter',
        content: {
          'application/json': { schema: z.object({}).passthrough().openapi('SubjectAccessReport') },
          'application/pdf': { schema: { type: 'string' as const, format: 'binary' } },
        },
      },
      ...problemsOf(400, 401, 404, 413, 429, 431),
      ...OFFICER_ONLY,
      422: problemResponse('SUBJECT_ACCESS_TOO_LARGE: more exchanges than one report holds'),
    },
  });
  routes.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const report = await readSubjectAccess(officerRead(deps, c), body, deps.clock.now(), {
      purposeTitles: deps.policy.purposeTitles(deps.network),
    });
    c.header('cache-control', 'no-store');
    if (body.format === 'json') return c.json(report, 200);
    const pdf = await subjectAccessPdf(report);
    return c.body(new Uint8Array(pdf), 200, { 'content-type': 'application/pdf' });
  });
}

const publishedCount = z.union([z.int(), z.string()]).openapi({
  description: 'A count, or `<10` / `≥10` where it is hidden',
});

const statisticsTableSchema = z
  .object({
    network: z.string(),
    scope: z.object({
      kind: z.enum(['network', 'organisation']),
      organisation: z.string().optional(),
    }),
    period: z.enum(STATISTICS_PERIODS),
    by: z.enum(STATISTICS_DIMENSIONS),
    from: z.string(),
    to: z.string(),
    threshold: z.int(),
    columns: z.array(z.string()).readonly(),
    rows: z
      .array(
        z.object({
          period: z.string(),
          cells: z.record(z.string(), publishedCount),
          total: publishedCount,
        }),
      )
      .readonly(),
    totals: z.object({ cells: z.record(z.string(), publishedCount), total: publishedCount }),
  })
  .openapi('StatisticsTable');

const dateOrInstant = z.union([z.iso.date(), instantSchema]);

const statisticsQuerySchema = z.object({
  from: dateOrInstant.openapi({ description: 'A date (2026-01-01) or an instant' }),
  to: dateOrInstant.openapi({
    description: 'A date or an instant, after `from`; exclusive. At most 240 periods.',
  }),
  period: z.enum(STATISTICS_PERIODS).optional(),
  by: z.enum(STATISTICS_DIMENSIONS),
  threshold: thresholdSchema
    .optional()
    .openapi({ description: 'Counts below it are hidden; default 10' }),
});

function registerStatistics(routes: ApiRoutes, deps: AuditRouteDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/audit/statistics',
    tags: ['audit'],
    summary: 'Exchange counts per period, small counts hidden (privacy officer)',
    description:
      'Counts under `threshold` show as `<10`; further cells are hidden (`≥10`) so that no hidden count can be computed from the totals.',
    security: SECURITY,
    request: { query: statisticsQuerySchema },
    responses: {
      200: jsonResponse('The table', statisticsTableSchema),
      ...problemsOf(400, 401, 404, 413, 429, 431),
      ...OFFICER_ONLY,
    },
  });
  routes.openapi(route, async (c) => {
    const parsed = statisticsParametersSchema.safeParse(c.req.valid('query'));
    if (!parsed.success) {
      throw new RequestInvalidError(
        'the statistics query is invalid',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const table = await readStatistics(officerRead(deps, c), parsed.data, {
      ...filterDetails(c.req.valid('query')),
    });
    return c.json(table, 200);
  });
}

function registerStatus(routes: ApiRoutes, deps: AuditRouteDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/audit/status',
    tags: ['audit'],
    summary:
      'The chain: entries, head, last signed checkpoint, last full verification (privacy officer)',
    security: SECURITY,
    responses: {
      200: jsonResponse('The status', z.object({}).passthrough().openapi('AuditStatus')),
      ...problemsOf(400, 401, 404, 413, 429, 431),
      ...OFFICER_ONLY,
    },
  });
  routes.openapi(route, async (c) => {
    await officerScope(deps, c, 'the status of the audit trail');
    return c.json(
      await deps.store.auditQueries.status(deps.clock.now(), deps.verification.latest()),
      200,
    );
  });
}

const exportQuerySchema = z.object({
  from: instantSchema,
  to: instantSchema,
  format: z.enum(['ldv', 'jsonl']).default('ldv').openapi({
    description:
      '`ldv`: Logboek Dataverwerkingen, one OTLP JSON ExportTraceServiceRequest per line; `jsonl`: one entry per line',
  }),
});

function registerExport(routes: ApiRoutes, deps: AuditRouteDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/audit/export',
    tags: ['audit'],
    summary: 'Export the entries of a period (privacy officer)',
    security: SECURITY,
    request: { query: exportQuerySchema },
    responses: {
      200: {
        description:
          'JSON Lines (`application/jsonl`), streamed: `ldv` one OTLP JSON document a line, `jsonl` one entry a line',
      },
      ...problemsOf(400, 401, 404, 413, 429, 431),
      ...OFFICER_ONLY,
    },
  });
  routes.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const period = periodQuerySchema.safeParse({ from: query.from, to: query.to });
    if (!period.success) {
      throw new RequestInvalidError(
        'the period is invalid',
        period.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const scope = await officerScope(deps, c, 'exporting the audit trail');
    await recordRead(deps, c, { action: 'export', details: filterDetails(query) });
    const entries = deps.store.auditQueries.entriesOf({
      network: deps.network,
      from: period.data.from,
      to: period.data.to,
      ...(scope.kind === 'organisation' ? { organisation: scope.organisation } : {}),
    });
    const lines = query.format === 'ldv' ? ldvJsonLines(entries) : entriesAsJsonLines(entries);
    const body = Readable.toWeb(Readable.from(lines)) as ReadableStream<Uint8Array>;
    return c.body(body, 200, { 'content-type': 'application/jsonl', 'cache-control': 'no-store' });
  });
}

export function auditRoutes(deps: AuditRouteDependencies): ApiRoutes {
  const routes = apiRoutes();
  // Before a request is validated: anyone else learns nothing of these routes' rules.
  routes.use('/audit/*', async (c, next) => {
    requirePrivacyOfficer(readerOf(c), `${c.req.method} ${c.req.path}`);
    await next();
  });
  registerSearch(routes, deps);
  registerEntry(routes, deps);
  registerSubjectAccess(routes, deps);
  registerStatistics(routes, deps);
  registerStatus(routes, deps);
  registerExport(routes, deps);
  return routes;
}
