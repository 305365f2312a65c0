import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { PersonHolder } from './persons.ts';

/** Debian's package; playwright-core drives it and downloads no browser of its own. */
export const CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((path) => existsSync(path));

if (CHROMIUM === undefined && process.env.CI === 'true') {
  throw new Error("Chromium is not installed; CI must install Debian's chromium package");
}

/** Where the tests leave their screenshots; CI keeps the folder as output. */
export const SCREENSHOTS = join('test-output', 'screenshots');

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  narrow: { width: 390, height: 844 },
} as const;

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM ?? 'chromium',
    // The machine has no network: without these Chromium keeps trying to reach out.
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** What a signed-in browser did that a test holds against the rules. */
export interface BrowserWatch {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Every URL the browser requested, to hold against the national identifiers. */
  readonly urls: string[];
  /** CSP violations, console errors and page errors. */
  readonly problems: string[];
  /** Each workspace document the browser loaded, with its Cache-Control. */
  readonly documents: {
    readonly url: string;
    readonly status: number;
    readonly cacheControl: string;
  }[];
}

/**
 * A browser context signed in with a personal certificate (its PKCS#12 file, as a person
 * imports it), trusting the test network's server certificate, watched for what the
 * workspace must never do.
 */
export async function signIn(
  browser: Browser,
  origin: string,
  holder: PersonHolder,
  options: { readonly locale?: string } = {},
): Promise<BrowserWatch> {
  const context = await browser.newContext({
    viewport: VIEWPORTS.desktop,
    // The browser's language, sent as Accept-Language: the workspace answers in it.
    locale: options.locale ?? 'en-GB',
    acceptDownloads: true,
    // The broker's server certificate comes from the test network's CA, unknown to Chromium.
    ignoreHTTPSErrors: true,
    clientCertificates: [{ origin, pfxPath: holder.pfxPath, passphrase: holder.passphrase }],
  });
  const page = await context.newPage();
  const watch: BrowserWatch = { page, context, urls: [], problems: [], documents: [] };
  // The policy blocks quietly: only this DOM event tells what it refused.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) =>
      console.error('CSP blocked ' + event.blockedURI + ' (' + event.violatedDirective + ')'));`,
  });
  page.on('request', (request) => watch.urls.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') watch.problems.push(message.text());
  });
  page.on('pageerror', (error) => watch.problems.push(error.message));
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'document') return;
    watch.documents.push({
      url: response.url(),
      status: response.status(),
      cacheControl: (await response.allHeaders())['cache-control'] ?? '',
    });
  });
  return watch;
}

/** The serious and critical violations axe-core finds on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated, not a <script>: the workspace's policy rightly refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map(
        (n) =>
          `${JSON.stringify(n.target)} ${(n as { failureSummary?: string }).failureSummary ?? ''}`,
      ),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.targets.join(' ')}`);
}

/** Writes the page as it is now at both widths, full length, as `<name>-desktop.png` and `<name>-narrow.png`. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? VIEWPORTS.desktop;
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}
