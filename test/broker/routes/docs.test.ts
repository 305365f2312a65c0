import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithoutListener } from '../../support/test-broker.ts';

/** Debian's package; playwright-core drives it and downloads no browser of its own. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (path) => existsSync(path),
);

if (CHROMIUM === undefined && process.env.CI === 'true') {
  throw new Error("Chromium is not installed; CI must install Debian's chromium package");
}

const app = await appWithoutListener();

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

  it('renders every operation of the served document without a blocked resource', async () => {
    const openapi = (await (await app.request('/openapi.json')).json()) as {
      info: { title: string };
      paths: Record<string, Record<string, { summary: string }>>;
    };
    const browser = await chromium.launch({
      executablePath: CHROMIUM ?? 'chromium',
      // The machine has no network: without these Chromium keeps trying to reach out.
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
      });
      // The page's policy blocks quietly: only this DOM event tells what it refused.
      await page.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (event) =>
          console.error('CSP blocked ' + event.blockedURI + ' (' + event.violatedDirective + ')'));`,
      });
      page.on('console', (message) => {
        // The browser's own favicon probe is not the page's doing.
        const favicon = message.location().url.endsWith('/favicon.ico');
        if (message.type() === 'error' && !favicon) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
      await page.goto(`${origin}/docs`);
      await expect
        .poll(() => page.locator('.opblock-summary-description').count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
      expect(await page.locator('.info .title').innerText()).toContain(openapi.info.title);
      const shown = await page.locator('.opblock-summary-description').allInnerTexts();
      const summaries = Object.values(openapi.paths).flatMap((operations) =>
        Object.values(operations).map((operation) => operation.summary),
      );
      expect(shown.sort()).toEqual(summaries.sort());
      // A reader opens an operation to see its request and responses.
      await page.locator('.opblock-summary').first().click();
      await expect
        .poll(() => page.locator('.opblock-body .responses-wrapper').count(), { timeout: 10_000 })
        .toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
