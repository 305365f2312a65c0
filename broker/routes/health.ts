import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuditTrail } from '../audit/trail/audit-trail.ts';
import { describeCause } from '../errors/broker-error.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
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

const healthSchema = z
  .object({
    status: z.enum(['ok', 'policy_unavailable', 'audit_write_failed']),
    policyRevision: z.string(),
    audit: auditHealthSchema,
  })
  .openapi('Health');

/**
 * GET /health: for the operator on call and for load balancers. Unhealthy (503) while
 * the policy is unavailable or audit appends fail, because then every exchange is
 * denied; healthy again by itself once the policy loads or an append commits.
 */
export function healthRoutes(policy: PolicyEngine, audit: Pick<AuditTrail, 'health'>): OpenAPIHono {
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
    const policyLoaded = !(policy instanceof UnavailablePolicyEngine);
    const body = {
      status: !trail.writable
        ? ('audit_write_failed' as const)
        : policyLoaded
          ? ('ok' as const)
          : ('policy_unavailable' as const),
      policyRevision: policy.revision,
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
