import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import { UnavailablePolicyEngine } from '../policy/wasm-policy-engine.ts';
import { jsonResponse } from './api-routes.ts';

const healthSchema = z
  .object({ status: z.enum(['ok', 'policy_unavailable']), policyRevision: z.string() })
  .openapi('Health');

/**
 * GET /health: for the operator on call and for load balancers. Unhealthy (503) while
 * the policy is unavailable, because then every exchange is denied.
 */
export function healthRoutes(policy: PolicyEngine): OpenAPIHono {
  const routes = new OpenAPIHono();
  const route = createRoute({
    method: 'get',
    path: '/health',
    tags: ['operations'],
    summary: 'Whether the broker can decide exchanges',
    responses: {
      200: jsonResponse('The policy is loaded', healthSchema),
      503: jsonResponse('The policy is unavailable: every exchange is denied', healthSchema),
    },
  });
  routes.openapi(route, (c) => {
    const policyLoaded = !(policy instanceof UnavailablePolicyEngine);
    const body = {
      status: policyLoaded ? ('ok' as const) : ('policy_unavailable' as const),
      policyRevision: policy.revision,
    };
    return policyLoaded ? c.json(body, 200) : c.json(body, 503);
  });
  return routes;
}
