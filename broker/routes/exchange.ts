import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { formatTraceparent } from '../../adapters/contract/trace-context.ts';
import { ORGANISATION_ID_PATTERN } from '../../keys/certificates/certificate-profile.ts';
import { reasonCodeSchema } from '../../policies/vocabulary/reason-codes.ts';
import { type PullDependencies, pull } from '../exchange/pull-exchange.ts';
import { type PushDependencies, push } from '../exchange/push-exchange.ts';
import { slugSchema } from '../store/domain-vocabulary.ts';
import {
  type ApiRoutes,
  apiRoutes,
  boundedRecord,
  caseParams,
  distinctList,
  jsonBody,
  jsonResponse,
  personParams,
  problemResponse,
  problems,
  SECURITY,
} from './api-routes.ts';
import { actorOf, exchangeRole } from './case-access.ts';

const pullBodySchema = z
  .strictObject({
    purpose: slugSchema,
    categories: distinctList(slugSchema, 'category', { min: 1, max: 32 }),
    providers: distinctList(z.string().regex(ORGANISATION_ID_PATTERN), 'provider', {
      min: 1,
      max: 32,
    }).optional(),
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
      withheld: z.record(z.string(), z.array(reasonCodeSchema)).openapi({
        description: 'Requested categories the policy did not permit, with their reason codes',
      }),
    }),
    z.object({
      provider: z.string(),
      status: z.literal('denied'),
      reasons: z.array(reasonCodeSchema),
      withheld: z.record(z.string(), z.array(reasonCodeSchema)).openapi({
        description:
          'Each requested category a reason withheld, with its codes; request-level reasons name none',
      }),
    }),
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
      ...problems(403),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId, personId } = c.req.valid('param');
    const body = c.req.valid('json');
    const role = await exchangeRole(deps, c, caseId, 'pull');
    const results = await pull(deps, {
      requester: { ...actorOf(c), role },
      caseId,
      personId,
      purpose: body.purpose,
      categories: body.categories,
      providers: body.providers,
      requestId: c.get('requestId'),
      traceparent: formatTraceparent(c.get('trace')),
    });
    return c.json(results, 200);
  });
}

const fieldsSchema = boundedRecord(z.unknown(), 'field', { min: 1, max: 64 });

const pushBodySchema = z
  .strictObject({
    purpose: slugSchema,
    personId: z.uuid().optional(),
    categories: boundedRecord(fieldsSchema, 'category', { min: 1, max: 32 }),
    recipients: distinctList(z.string().regex(ORGANISATION_ID_PATTERN), 'recipient', {
      min: 1,
      max: 32,
    }).optional(),
  })
  .openapi('PushRequest');

const pushResponseSchema = z
  .object({
    messageId: z.string(),
    results: z.array(
      z.object({
        recipient: z.string(),
        status: z.enum(['delivered', 'queued', 'denied']),
        exchangeId: z.string(),
        reasons: z.array(reasonCodeSchema).optional(),
      }),
    ),
  })
  .openapi('PushResponse');

/** An sf-string as the IETF draft has it (`"..."`); the quotes may be left out. */
const IDEMPOTENCY_KEY =
  /^(?:"[\x20\x21\x23-\x5b\x5d-\x7e]{1,255}"|[\x21\x23-\x5b\x5d-\x7e]{1,255})$/;

const pushHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY, 'must be 1 to 255 printable ASCII characters, in double quotes')
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        "draft-ietf-httpapi-idempotency-key-header: a key of the sender's choosing (e.g. a UUID in double quotes). A retry with the same key within 24 hours gets the first answer and sends nothing again; with another case or body it is refused with 422, and before the first push has been accepted with 409.",
      example: '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
    }),
});

/**
 * POST /v1/cases/{caseId}/push: a participant sends a case update (a signal, an action's
 * status, a meeting outcome) to the other partners; one result per recipient.
 */
export function registerPush(routes: ApiRoutes, deps: PushDependencies): void {
  // The body's bytes are read before validation, so that a retry can be compared with the
  // first request as it was sent.
  routes.use('/cases/:caseId/push', async (c, next) => {
    if (c.req.method === 'POST' && c.req.header('idempotency-key') !== undefined) {
      await c.req.arrayBuffer();
    }
    await next();
  });
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/push',
    tags: ['exchange'],
    summary: 'Push a case update to the partners the policy allows',
    description:
      '`delivered`: the recipient adapter holds the message. `queued`: accepted and waiting for the recipient adapter; delivery is retried in order. `denied`: nothing is sent, `reasons` says why.',
    security: SECURITY,
    request: { params: caseParams, headers: pushHeadersSchema, body: jsonBody(pushBodySchema) },
    responses: {
      200: jsonResponse('The message id and one result per recipient', pushResponseSchema),
      ...problems(403),
      409: problemResponse('IDEMPOTENCY_KEY_IN_USE: a push with this key is still under way'),
      422: problemResponse('IDEMPOTENCY_KEY_REUSED: the key was used for another request'),
    },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    const body = c.req.valid('json');
    const key = c.req.valid('header')['idempotency-key'];
    const role = await exchangeRole(deps, c, caseId, 'push');
    const outcome = await push(deps, {
      sender: { ...actorOf(c), role },
      caseId,
      personId: body.personId,
      purpose: body.purpose,
      categories: body.categories,
      recipients: body.recipients,
      requestId: c.get('requestId'),
      traceparent: formatTraceparent(c.get('trace')),
      idempotency:
        key === undefined
          ? undefined
          : {
              key: key.replace(/^"(.*)"$/, '$1'),
              requestSha256: createHash('sha256')
                .update(`${caseId}\n`)
                .update(new Uint8Array(await c.req.arrayBuffer()))
                .digest('hex'),
            },
    });
    return c.json(outcome, 200);
  });
}

export function exchangeRoutes(deps: PullDependencies & PushDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerPull(routes, deps);
  registerPush(routes, deps);
  return routes;
}
