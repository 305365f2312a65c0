import { Hono } from 'hono';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import { UnavailablePolicyEngine } from '../policy/wasm-policy-engine.ts';

/**
 * GET /health: for the operator on call and for load balancers. Unhealthy (503) while
 * the policy is unavailable, because then every exchange is denied.
 */
export function healthRoutes(policy: PolicyEngine): Hono {
  const routes = new Hono();
  routes.get('/', (c) => {
    const policyLoaded = !(policy instanceof UnavailablePolicyEngine);
    return c.json(
      { status: policyLoaded ? 'ok' : 'policy_unavailable', policyRevision: policy.revision },
      policyLoaded ? 200 : 503,
    );
  });
  return routes;
}
