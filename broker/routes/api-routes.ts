import { OpenAPIHono, z } from '@hono/zod-openapi';
import { RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import { ERROR_CODES } from '../errors/error-codes.ts';
import type { IdentityVariables } from '../identity/identity-middleware.ts';
import type { BrokerStore } from '../store/broker-store.ts';
import { SLUG_PATTERN, slugSchema } from '../store/domain-vocabulary.ts';

/** What every /v1 route needs: the store and the one network this broker serves. */
export interface ApiDependencies {
  readonly store: BrokerStore;
  readonly network: string;
}

export type ApiEnv = { Variables: IdentityVariables };
export type ApiRoutes = OpenAPIHono<ApiEnv>;

/**
 * A resource group's router. A request that fails its schema becomes REQUEST_INVALID
 * listing paths and rules, never the offending values: one may be a national identifier.
 */
export function apiRoutes(): ApiRoutes {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new RequestInvalidError(
          'the request does not match its schema',
          result.error.issues.map(
            (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
          ),
        );
      }
    },
  });
}

const problemSchema = z
  .object({
    type: z.url(),
    title: z.string(),
    status: z.int(),
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]),
    detail: z.string().optional(),
    issues: z.array(z.string()).optional(),
    instance: z.string(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details with a stable code' });

const PROBLEM_DESCRIPTIONS = {
  400: 'REQUEST_INVALID: the request does not match its schema, or its JSON nests deeper than BROKER_JSON_MAX_DEPTH',
  401: 'No valid user assertion',
  403: "PARTNER_NOT_SIGNATORY: the caller's organisation has not accepted the covenant in force (or revoked its acceptance); COVENANT_NOT_IN_FORCE: no covenant version is in force; CASE_ROLE_REQUIRED: the caller lacks the role in the case the action needs",
  404: 'NOT_FOUND: no such case, or one the caller does not take part in',
  409: 'CASE_TRANSITION_INVALID or RECORD_CONFLICT',
  413: 'REQUEST_TOO_LARGE: the body is longer than the broker takes (BROKER_REQUEST_MAX_BYTES)',
  422: 'PARTNER_UNKNOWN: the organisation is not a partner of the network',
  429: 'REFUSALS_THROTTLED: the organisation was refused too often of late (BROKER_REFUSALS_PER_MINUTE); see Retry-After',
  431: 'HEADERS_TOO_LARGE: the headers are longer than the broker takes (BROKER_HEADER_MAX_BYTES)',
} as const;

type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

/**
 * The problem responses of a case route: 400, 401, 403 (every case route refuses a caller
 * that is not a party to the covenant in force), 404, 413, 429 and 431, and those named.
 */
export function problems(...statuses: readonly (403 | 409 | 422)[]) {
  return problemsOf(400, 401, 403, 404, 413, 429, 431, ...statuses.filter((s) => s !== 403));
}

/** Exactly these problem responses. */
export function problemsOf(...statuses: readonly ProblemStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, problemResponse(PROBLEM_DESCRIPTIONS[status])]),
  );
}

/** A problem response of a route's own, where the shared description does not fit. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemSchema } } };
}

export const SECURITY = [{ mutualTLS: [], userAssertion: [] }];

export const caseParams = z.object({
  caseId: z.uuid().openapi({ param: { name: 'caseId', in: 'path' } }),
});

export const personParams = caseParams.extend({
  personId: z.uuid().openapi({ param: { name: 'personId', in: 'path' } }),
});

/** A JSON body, always required: an absent one is REQUEST_INVALID, not an empty object. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } };
}

export function jsonResponse<S extends z.ZodType>(description: string, schema: S) {
  return { description, content: { 'application/json': { schema } } };
}

/**
 * A list whose items may not repeat, between `min` and `max` long: the check, and the same
 * rules (`uniqueItems`) in the document, so a caller reads there what the broker enforces.
 */
export function distinctList<S extends z.ZodType>(
  item: S,
  what: string,
  bounds: { readonly min: number; readonly max: number },
) {
  return z
    .array(item)
    .min(bounds.min)
    .max(bounds.max)
    .refine((list) => new Set(list).size === list.length, `must not repeat a ${what}`)
    .openapi({ uniqueItems: true });
}

/** An object of `min` to `max` named members: the check, and the bounds in the document. */
export function boundedRecord<V extends z.ZodType>(
  value: V,
  what: string,
  bounds: { readonly min: number; readonly max: number },
) {
  return z
    .record(slugSchema, value)
    .refine(
      (record) => Object.keys(record).length >= bounds.min,
      `must hold at least ${bounds.min} ${what}`,
    )
    .refine(
      (record) => Object.keys(record).length <= bounds.max,
      `must hold at most ${bounds.max} ${what}s`,
    )
    .openapi({
      minProperties: bounds.min,
      maxProperties: bounds.max,
      // OpenAPI 3.1 schemas are JSON Schema 2020-12, which has `propertyNames`; the
      // library's metadata type only knows the keywords of OpenAPI 3.0.
      ...({ propertyNames: { pattern: SLUG_PATTERN.source } } as object),
    });
}

/** An instant with an explicit offset, as RFC 3339 requires. */
export const instantSchema = z.iso.datetime({ offset: true });
