import { execFile, spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../broker/app.ts';
import { PolicyUnavailableError } from '../../broker/errors/broker-error.ts';
import type { IdentityDependencies } from '../../broker/identity/identity-middleware.ts';
import { UnavailablePolicyEngine } from '../../broker/policy/wasm-policy-engine.ts';
import { memoryStore, NO_ADAPTERS, NO_DELIVERY } from '../identity/support/identity-fixture.ts';

const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find(
  (name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0,
);

if (CHROMIUM === undefined && process.env.CI === 'true') {
  throw new Error("Chromium is not installed; CI must install Debian's chromium package");
}

const app = createApp({
  policy: new UnavailablePolicyEngine(new PolicyUnavailableError('not needed here')),
  logger: pino({ level: 'silent' }),
  // The reference page touches neither identity nor store.
  identity: {} as IdentityDependencies,
  store: await memoryStore(),
  network: 'bonaire',
  adapters: NO_ADAPTERS,
  delivery: NO_DELIVERY,
});

describe('the reference page at /docs', () => {
  it('loads its scripts and styles from this origin only', async () => {
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toEqual([
      '/docs/assets/swagger-ui.css',
      '/docs/assets/swagger-ui-bundle.js',
      '/docs/assets/init.js',
    ]);
    for (const source of sources) {
      const asset = await app.request(source ?? '');
      expect(asset.status, source).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(100);
    }
    expect((await app.request('/docs/assets/package.json')).status).toBe(404);
    expect((await app.request('/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });
});

describe.skipIf(CHROMIUM === undefined)('the reference page in headless Chromium', () => {
  let server: ServerType;
  let origin: string;

  beforeAll(async () => {
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
        resolve(started),
      );
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('renders every operation of the served document', async () => {
    const dom = await new Promise<string>((resolve, reject) => {
      execFile(
        CHROMIUM ?? 'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          // The machine has no network: without these Chromium keeps trying to reach out.
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--virtual-time-budget=15000',
          '--dump-dom',
          `${origin}/docs`,
        ],
        { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
        (error, out) => (error === null ? resolve(out) : reject(error)),
      );
    });
    const document = (await (await app.request('/openapi.json')).json()) as {
      info: { title: string };
      paths: Record<string, Record<string, { summary: string }>>;
    };
    expect(dom.includes(document.info.title), 'title').toBe(true);
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        expect(dom.includes(operation.summary), operation.summary).toBe(true);
      }
    }
  }, 90_000);
});
