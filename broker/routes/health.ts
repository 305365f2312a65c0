import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuditTrail } from '../audit/trail/audit-trail.ts';
import { describeCause } from '../errors/broker-error.ts';
import type { PolicyBundleStatus } from '../policy/policy-bundle-watcher.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import { activeEngine } from '../policy/policy-engine-holder.ts';
import { UnavailablePolicyEngine } from '../policy/wasm-policy-engine.ts';
import { instantSchema, jsonResponse } from './api-routes.ts';

const auditHealthSchema = z
  .discriminatedUnion('writable', [
    z.object({ writable: z.literal(true) }),
    z.object({
      writable: z.literal(false),
      failingSince: instantSchema,
      failedAppends: z.int().min(0).openapi({ description: 'Appends lost since then' }),
      error: z.string().openapi({
        description: 'The database error, e.g. "database or disk is full (SQLITE_FULL)"',
      }),
    }),
  ])
  .openapi('AuditHealth');

const policyBundleHealthSchema = z
  .object({
    signatureRequired: z.boolean().openapi({
      description: 'Whether a bundle is activated only when signed by the configured key',
    }),
    activatedAt: instantSchema.nullable().openapi({
      description: 'When the bundle of policyRevision was activated; null while none is',
    }),
    refused: z
      .object({
        code: z.string().openapi({ example: 'POLICY_BUNDLE_FILE_ALTERED' }),
        message: z.string(),
        at: instantSchema,
        revision: z
          .string()
          .nullable()
          .openapi({ description: "The revision the refused bundle's manifest claims" }),
      })
      .nullable()
      .openapi({ description: 'The last bundle not activated; the active policy stayed' }),
    staged: z
      .object({
        revision: z.string(),
        from: instantSchema.openapi({
          description: 'When it takes over: the latest start (not_before) of its covenants',
        }),
      })
      .nullable()
      .openapi({
        description:
          'A verified bundle whose covenants all start later, waiting to take over at their start',
      }),
    unreachable: z
      .object({ code: z.string(), message: z.string(), since: instantSchema })
      .nullable()
      .openapi({ description: 'Since when the bundle location cannot be read' }),
  })
  .openapi('PolicyBundleHealth');

const healthSchema = z
  .object({
    status: z.enum(['ok', 'policy_unavailable', 'audit_write_failed']),
    policyRevision: z.string(),
    policyBundle: policyBundleHealthSchema.optional().openapi({
      description: 'Present when the broker takes its policy from a watched bundle location',
    }),
    audit: auditHealthSchema,
  })
  .openapi('Health');

/**
 * GET /health: for the operator on call and for load balancers. Unhealthy (503) while
 * the policy is unavailable or audit appends fail, because then every exchange is
 * denied; healthy again by itself once the policy loads or an append commits.
 */
export function healthRoutes(
  policy: PolicyEngine,
  audit: Pick<AuditTrail, 'health'>,
  bundles?: { status(): PolicyBundleStatus },
): OpenAPIHono {
  const routes = new OpenAPIHono();
  const route = createRoute({
    method: 'get',
    path: '/health',
    tags: ['operations'],
    summary: 'Whether the broker can decide and record exchanges',
    responses: {
      200: jsonResponse('The policy is loaded and audit appends commit', healthSchema),
      503: jsonResponse(
        'The policy is unavailable, or audit appends fail: every exchange is denied',
        healthSchema,
      ),
    },
  });
  routes.openapi(route, (c) => {
    const trail = audit.health();
    const engine = activeEngine(policy);
    const policyLoaded = !(engine instanceof UnavailablePolicyEngine);
    const body = {
      status: !trail.writable
        ? ('audit_write_failed' as const)
        : policyLoaded
          ? ('ok' as const)
          : ('policy_unavailable' as const),
      policyRevision: engine.revision,
      ...(bundles === undefined ? {} : { policyBundle: bundles.status() }),
      audit: trail.writable
        ? { writable: true as const }
        : {
            writable: false as const,
            failingSince: trail.since.toISOString(),
            failedAppends: trail.failedAppends,
            error: describeCause(trail.error.cause),
          },
    };
    return body.status === 'ok' ? c.json(body, 200) : c.json(body, 503);
  });
  return routes;
}
