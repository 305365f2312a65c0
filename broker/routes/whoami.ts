import { createRoute, z } from '@hono/zod-openapi';
import { caseRoleSchema } from '../../policies/vocabulary/case-roles.ts';
import { type ApiRoutes, apiRoutes, jsonResponse, problemsOf, SECURITY } from './api-routes.ts';

const whoamiSchema = z
  .object({
    organisation: z.string(),
    user: z.object({ id: z.string(), name: z.string() }),
    role: caseRoleSchema,
    certificate: z.object({ serial: z.string(), notAfter: z.string() }),
  })
  .openapi('Whoami');

/**
 * GET /v1/whoami: who the broker takes the caller to be, from the client certificate and
 * the user assertion. The first call a partner's integration engineer makes.
 */
export function registerWhoami(routes: ApiRoutes): void {
  const route = createRoute({
    method: 'get',
    path: '/whoami',
    tags: ['identity'],
    summary: 'The caller as the broker authenticated it',
    security: SECURITY,
    responses: {
      200: jsonResponse('The authenticated caller', whoamiSchema),
      ...problemsOf(401, 413, 429, 431),
    },
  });
  routes.openapi(route, (c) => {
    const partner = c.get('partner');
    const user = c.get('user');
    return c.json(
      {
        organisation: partner.organisation,
        user: { id: user.userId, name: user.displayName },
        role: user.role,
        certificate: { serial: partner.serial, notAfter: partner.notAfter.toISOString() },
      },
      200,
    );
  });
}

export function whoamiRoutes(): ApiRoutes {
  const routes = apiRoutes();
  registerWhoami(routes);
  return routes;
}
