import { describe, expect, it } from 'vitest';
import { appWithoutListener } from '../../support/test-broker.ts';

const app = await appWithoutListener();

interface Operation {
  security?: unknown;
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
}

async function served(): Promise<{
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}> {
  const response = await app.request('/openapi.json');
  expect(response.status).toBe(200);
  return (await response.json()) as Awaited<ReturnType<typeof served>>;
}

/**
 * What the router serves, as `METHOD /path/{param}`; middleware is registered as ALL. The
 * workspace's pages are for browsers, not part of the API.
 */
function routed(): string[] {
  const keys = app.routes
    .filter((route) => route.method !== 'ALL' && !route.path.startsWith('/workspace'))
    .map((route) => `${route.method} ${route.path.replaceAll(/:(\w+)/g, '{$1}')}`);
  return [...new Set(keys)].sort();
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1, served without authentication', async () => {
    expect((await served()).openapi).toBe('3.1.0');
  });

  it('lists every route the app serves, and nothing else', async () => {
    const document = await served();
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(routed()).toEqual(expect.arrayContaining(['GET /v1/cases/{caseId}', 'GET /health']));
    expect(documented).toEqual(routed());
  });

  it('requires both security schemes on every /v1 operation and documents its problems', async () => {
    const document = await served();
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method} ${path}`;
        expect(operation.security, where).toEqual([{ mutualTLS: [], userAssertion: [] }]);
        if (path === '/v1/whoami' || path === '/v1/covenant') continue;
        for (const status of ['400', '401', '404']) {
          expect(operation.responses[status]?.content, where).toHaveProperty([
            'application/problem+json',
          ]);
        }
        if (path === '/v1/cases' || path.startsWith('/v1/cases/')) {
          expect(operation.responses['403']?.description, where).toContain('PARTNER_NOT_SIGNATORY');
        }
      }
    }
  });
});
