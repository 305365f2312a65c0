import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';

/**
 * The files of swagger-ui-dist the page loads, by the name it asks for. A fixed list, so
 * that no request path ever reaches the file system.
 */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;
type AssetName = keyof typeof ASSETS;

/** Starts Swagger UI on the served document; a file of its own, so the page needs no inline script. */
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  supportedSubmitMethods: [],
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ZVH broker API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

/**
 * Everything from this origin; Swagger UI sets style attributes and draws icons as data
 * URLs, nothing else. No CDN: the reference page works inside a closed network.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'";

const assetDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const loaded = new Map<AssetName, Buffer>();

function asset(name: AssetName): Buffer {
  let content = loaded.get(name);
  if (content === undefined) {
    content = readFileSync(join(assetDir, name));
    loaded.set(name, content);
  }
  return content;
}

const assetParams = z.object({
  file: z
    .enum([...(Object.keys(ASSETS) as AssetName[]), 'init.js'])
    .openapi({ param: { name: 'file', in: 'path' } }),
});

/**
 * GET /docs: the rendered API reference (Swagger UI from the pinned swagger-ui-dist
 * package) over /openapi.json, read-only: it offers no "try it out", since calls need a
 * partner certificate and a signed assertion anyway.
 */
export function docsRoutes(): OpenAPIHono {
  const routes = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw new NotFoundError('page');
    },
  });
  routes.openapi(
    createRoute({
      method: 'get',
      path: '/docs',
      tags: ['operations'],
      summary: 'The rendered API reference',
      responses: {
        200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
      },
    }),
    (c) =>
      c.html(PAGE, 200, {
        'content-security-policy': CONTENT_SECURITY_POLICY,
      }),
  );
  routes.openapi(
    createRoute({
      method: 'get',
      path: '/docs/assets/{file}',
      tags: ['operations'],
      summary: 'A script or style sheet of the reference page',
      request: { params: assetParams },
      responses: {
        200: {
          description: 'The file',
          content: {
            'text/javascript': { schema: z.string() },
            'text/css': { schema: z.string() },
          },
        },
        404: { description: 'No such file' },
      },
    }),
    (c) => {
      const { file } = c.req.valid('param');
      const headers = { 'cache-control': 'public, max-age=86400' };
      if (file === 'init.js') {
        return c.body(INIT_SCRIPT, 200, {
          ...headers,
          'content-type': ASSETS['swagger-ui-bundle.js'],
        });
      }
      return c.body(new Uint8Array(asset(file)), 200, { ...headers, 'content-type': ASSETS[file] });
    },
  );
  return routes;
}
