import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { ASSERTION_HEADER } from '../../keys/assertion/user-assertion.ts';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * GET /openapi.json, public: the OpenAPI 3.1 document of every route registered on `app`
 * so far, itself included. Mount it last. The document is generated once, here, so a
 * schema the generator cannot express fails the start rather than a request.
 */
export function registerOpenApiDocument<E extends Env>(app: OpenAPIHono<E>): void {
  const route = createRoute({
    method: 'get',
    path: '/openapi.json',
    tags: ['operations'],
    summary: 'This document',
    responses: {
      200: {
        description: 'The OpenAPI 3.1 document',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
    },
  });
  let document: Record<string, unknown> = {};
  app.openapi(route, (c) => c.json(document, 200));
  document = { ...openApiDocument(app) };
}

/** The two security schemes are the identity layer's: both are required on every /v1 route. */
function openApiDocument<E extends Env>(app: OpenAPIHono<E>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'mutualTLS', {
    type: 'mutualTLS',
    description: 'A partner certificate issued by the network CA; it names the organisation.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'userAssertion', {
    type: 'apiKey',
    in: 'header',
    name: ASSERTION_HEADER,
    description:
      'A JWT (typ zvh-assertion+jwt) signed with the partner certificate key, naming the employee and role; single use, at most 300 s.',
  });
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'ZVH broker API',
      version: packageJson.version,
      description:
        'Cases, participants, persons, consent, legal-ground exceptions and formal requests of a Zorg- en Veiligheidshuis network. Errors are RFC 9457 problem+json with a stable `code`.',
    },
  });
}
