import { Hono } from 'hono';
import type { IdentityVariables } from '../identity/identity-middleware.ts';

/**
 * GET /v1/whoami: who the broker takes the caller to be, from the client certificate and
 * the user assertion. The first call a partner's integration engineer makes.
 */
export function whoamiRoutes(): Hono<{ Variables: IdentityVariables }> {
  const routes = new Hono<{ Variables: IdentityVariables }>();
  routes.get('/', (c) => {
    const partner = c.get('partner');
    const user = c.get('user');
    return c.json({
      organisation: partner.organisation,
      user: { id: user.userId, name: user.displayName },
      role: user.role,
      certificate: { serial: partner.serial, notAfter: partner.notAfter.toISOString() },
    });
  });
  return routes;
}
