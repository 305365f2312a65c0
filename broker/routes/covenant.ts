import { createRoute, z } from '@hono/zod-openapi';
import {
  COVENANT_DECISIONS,
  MAX_COVENANT_DECISION_JWS_LENGTH,
} from '../../adapters/contract/covenant-decision.ts';
import type { Clock } from '../../keys/clock.ts';
import { CovenantSignatureInvalidError } from '../covenant/covenant-errors.ts';
import { COVENANT_VERSION_ID_PATTERN } from '../covenant/covenant-id.ts';
import {
  covenantOverview,
  covenantVersionDetail,
  versionDetail,
} from '../covenant/covenant-overview.ts';
import type { RecordedCovenantDecision } from '../covenant/covenant-register.ts';
import { verifyCovenantDecision } from '../covenant/decision-signature.ts';
import { ClientCertificateRequiredError } from '../errors/broker-error.ts';
import { connectionCertificate } from '../identity/identity-middleware.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  jsonBody,
  jsonResponse,
  problemResponse,
  problemsOf,
  SECURITY,
} from './api-routes.ts';
import { actorOf } from './case-access.ts';

export interface CovenantRouteDependencies extends ApiDependencies {
  /** The clock partners' signatures are checked at, as their user assertions are. */
  readonly clock: Clock;
}

const decisionSchema = z.enum(COVENANT_DECISIONS);

const standingSchema = z
  .object({
    organisation: z.string(),
    name: z.string(),
    domain: z.string(),
    decision: decisionSchema.nullable().openapi({
      description: "The organisation's standing decision; null when it has not decided",
    }),
    decidedAt: z.string().nullable(),
    party: z.boolean().openapi({
      description: 'A party now: it accepted, and this version is the one in force',
    }),
  })
  .openapi('CovenantPartnerStanding');

const versionSummarySchema = z
  .object({
    id: z.string().openapi({ description: 'sha256 of the content as RFC 8785 canonical JSON' }),
    version: z.string(),
    notBefore: z.string(),
    notAfter: z.string(),
    active: z.boolean().openapi({ description: 'The active policy bundle implements it' }),
    inForce: z.boolean(),
    proposedAt: z.string(),
    proposedBy: z.object({ organisation: z.string(), user: z.string() }),
    purposes: z.array(z.object({ id: z.string(), title: z.string() })),
    partners: z.array(standingSchema),
  })
  .openapi('CovenantVersionSummary');

const covenantSchema = z
  .object({
    network: z.string(),
    inForce: versionSummarySchema.nullable(),
    notInForceReason: z.string().nullable(),
    pending: z.array(versionSummarySchema).openapi({
      description: 'Proposed versions that are not in force: not active yet, or not yet begun',
    }),
  })
  .openapi('Covenant');

const recordedDecisionSchema = z
  .object({
    version: z.string(),
    organisation: z.string(),
    decision: decisionSchema,
    signedAt: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string(),
    jws: z.string().openapi({ description: 'The compact JWS as the partner signed it' }),
    certificate: z
      .string()
      .openapi({ description: 'The partner certificate (PEM) it verifies with' }),
  })
  .openapi('CovenantDecisionRecord');

const versionSchema = versionSummarySchema
  .extend({
    content: z.record(z.string(), z.unknown()),
    decisions: z.array(recordedDecisionSchema).openapi({
      description: 'Every decision about the version, in the order the broker recorded them',
    }),
  })
  .openapi('CovenantVersion');

const versionParams = z.object({
  versionId: z
    .string()
    .regex(COVENANT_VERSION_ID_PATTERN)
    .openapi({ param: { name: 'versionId', in: 'path' }, example: `sha256:${'0'.repeat(64)}` }),
});

const contentBodySchema = z.record(z.string(), z.unknown()).openapi('CovenantContent', {
  description:
    'The covenant data the policy bundle holds at data.zvh.covenants.<network>: name, version, not_before, not_after, retention_years, audit_retention_years, shadow_list_review_months, exception_max_months, shadow_review_categories, partners, domains, roles, phases, categories, purposes',
});

const decisionBodySchema = z
  .strictObject({
    jws: z.string().min(1).max(MAX_COVENANT_DECISION_JWS_LENGTH).openapi({
      description:
        'Compact JWS, header {alg, typ: "zvh-covenant-decision+jws", "x5t#S256": <this connection\'s certificate>}, payload {network, version, decision, signed_at}',
    }),
  })
  .openapi('CovenantDecisionRequest');

/**
 * The covenant of the network: the version in force, versions proposed, and who accepted
 * what. Readable by every partner's employee, party or not, so that a partner can see
 * what it is asked to sign; proposing is the network's process director's, deciding is
 * each named partner's own, signed with its partner certificate's key.
 */
export function covenantRoutes(deps: CovenantRouteDependencies): ApiRoutes {
  const routes = apiRoutes();
  const { store, network } = deps;

  routes.openapi(
    createRoute({
      method: 'get',
      path: '/covenant',
      tags: ['covenant'],
      summary: 'The covenant in force, the versions proposed, and who accepted what',
      security: SECURITY,
      responses: {
        200: jsonResponse('The covenant of the network', covenantSchema),
        ...problemsOf(401, 413, 429, 431),
      },
    }),
    async (c) => c.json(await covenantOverview(store, network, c.get('partner').organisation), 200),
  );

  routes.openapi(
    createRoute({
      method: 'get',
      path: '/covenant/versions/{versionId}',
      tags: ['covenant'],
      summary: 'A covenant version: its whole content and every signed decision about it',
      security: SECURITY,
      request: { params: versionParams },
      responses: {
        200: jsonResponse('The version', versionSchema),
        ...problemsOf(400, 401, 413, 429, 431),
        404: problemResponse('COVENANT_VERSION_UNKNOWN: no such version in this network'),
      },
    }),
    async (c) => {
      const one = await covenantVersionDetail(store, network, c.req.valid('param').versionId);
      return c.json(
        {
          ...one.summary,
          content: one.version.content as Record<string, unknown>,
          decisions: one.decisions.map(decisionBody),
        },
        200,
      );
    },
  );

  routes.openapi(
    createRoute({
      method: 'post',
      path: '/covenant/versions',
      tags: ['covenant'],
      summary: "Propose a covenant version (the network's process director)",
      description:
        'The body is the content; its id is the SHA-256 of its RFC 8785 canonical JSON. Every partner it names then accepts or rejects it. It is in force once a policy bundle with this content is active and from not_before on; each partner is a party from its acceptance.',
      security: SECURITY,
      request: { body: jsonBody(contentBodySchema) },
      responses: {
        201: jsonResponse('The proposed version', versionSummarySchema),
        ...problemsOf(400, 401, 404, 413, 429, 431),
        403: problemResponse(
          "COVENANT_PROPOSER_REQUIRED: only a process director of the network's coordinating organisation proposes",
        ),
        409: problemResponse('RECORD_CONFLICT: this content was proposed already'),
        422: problemResponse('COVENANT_CONTENT_INVALID: the problems are listed in `issues`'),
      },
    }),
    async (c) => {
      const { coordinatorOrganisation } = await store.networks.getNetwork(network);
      const version = await store.covenants.propose(
        network,
        c.req.valid('json'),
        { ...actorOf(c), role: c.get('user').role },
        coordinatorOrganisation,
      );
      return c.json((await versionDetail(store, network, version)).summary, 201);
    },
  );

  routes.openapi(
    createRoute({
      method: 'post',
      path: '/covenant/versions/{versionId}/decisions',
      tags: ['covenant'],
      summary: "Record the calling organisation's signed accept, reject or revoke",
      description:
        'Signed with the key of the partner certificate this request comes over. Accept or reject when the organisation has no standing decision or revoked its acceptance; revoke only an acceptance. It counts from the moment the broker answers.',
      security: SECURITY,
      request: { params: versionParams, body: jsonBody(decisionBodySchema) },
      responses: {
        201: jsonResponse('The recorded decision', recordedDecisionSchema),
        ...problemsOf(400, 401, 413, 429, 431),
        404: problemResponse('COVENANT_VERSION_UNKNOWN: no such version in this network'),
        409: problemResponse(
          "COVENANT_DECISION_CONFLICT: the decision does not follow the organisation's standing one",
        ),
        422: problemResponse(
          "COVENANT_SIGNATURE_INVALID: the JWS does not verify with this connection's certificate, names another version or network, or was not signed just now; PARTNER_UNKNOWN: the version does not name the organisation",
        ),
      },
    }),
    async (c) => {
      const certificate = connectionCertificate(c.env);
      if (certificate === undefined) {
        throw new ClientCertificateRequiredError('no partner certificate on the connection');
      }
      const { versionId } = c.req.valid('param');
      const signed = await verifyCovenantDecision(
        c.req.valid('json').jws,
        certificate,
        network,
        deps.clock.now(),
      );
      if (signed.version !== versionId) {
        throw new CovenantSignatureInvalidError('the payload names another version than the path');
      }
      const recorded = await store.covenants.recordDecision(signed, actorOf(c));
      return c.json(decisionBody(recorded), 201);
    },
  );

  return routes;
}

function decisionBody(decision: RecordedCovenantDecision) {
  return {
    version: decision.versionId,
    organisation: decision.organisation,
    decision: decision.decision,
    signedAt: decision.signedAt,
    recordedAt: decision.recordedAt,
    recordedBy: decision.recordedBy,
    jws: decision.jws,
    certificate: decision.certificatePem,
  };
}
