import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { ApiClient } from '../../support/api-client.ts';
import { NATIONAL_ID } from '../../support/case-fixtures.ts';
import { monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { useTestNetwork } from '../../support/network.ts';
import { issuePerson, type PersonHolder } from '../../support/persons.ts';
import type { TestBroker } from '../../support/test-broker.ts';
import {
  accessibilityViolations,
  type BrowserWatch,
  CHROMIUM,
  launchChromium,
  screenshots,
  signIn,
} from '../../support/workspace-browser.ts';

const network = useTestNetwork({ partners: ORGANISATIONS });
let policy: PolicyEngine;
let browser: Browser;
let officer: PersonHolder;
let director: PersonHolder;
let participant: PersonHolder;
let revoked: PersonHolder;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  officer = await issuePerson(network, 'zvh-bonaire', {
    userId: 'privacy-1',
    displayName: 'Anaïs Martina',
    role: 'privacy_officer',
  });
  director = await issuePerson(network, 'zvh-bonaire', {
    userId: 'procesregisseur-1',
    displayName: 'Ruben Isenia',
    role: 'process_director',
  });
  participant = await issuePerson(network, 'sgb', {
    userId: 'mentor-2',
    displayName: 'Mireille Pietersz',
    role: 'case_participant',
  });
  revoked = await issuePerson(network, 'zvh-bonaire', {
    userId: 'privacy-2',
    displayName: 'Former Officer',
    role: 'privacy_officer',
  });
  await network.authority.revokePerson('zvh-bonaire', 'privacy-2', 'keyCompromise', new Date());
  if (CHROMIUM !== undefined) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describeOnEveryDatabase(
  'the workspace in Chromium, signed in with a personal certificate',
  (ctx, dialect) => {
    let broker: TestBroker;
    const watches: BrowserWatch[] = [];

    afterEach(async () => {
      for (const watch of watches.splice(0)) await watch.context.close();
      await broker?.running.close();
    });

    async function setUp() {
      broker = await network.startBroker({ store: ctx.store, policy });
      const client = new ApiClient(broker.url);
      const people = cast(network.holders);
      const seeded = await monitoredCase(client, people);
      return { client, people, seeded };
    }

    async function open(holder: PersonHolder, locale?: string): Promise<BrowserWatch> {
      const watch = await signIn(
        browser,
        broker.url,
        holder,
        locale === undefined ? {} : { locale },
      );
      watches.push(watch);
      return watch;
    }

    /** What holds on every page a test visited: the policy, the caching, and the URLs. */
    function expectSafe(watch: BrowserWatch): void {
      expect(watch.problems).toEqual([]);
      for (const url of watch.urls) expect(url).not.toContain(NATIONAL_ID);
      const pages = watch.documents.filter((d) => new URL(d.url).pathname.startsWith('/workspace'));
      expect(pages.length).toBeGreaterThan(0);
      for (const page of pages) expect(page.cacheControl, page.url).toContain('no-store');
    }

    async function check(watch: BrowserWatch, name: string): Promise<void> {
      expect(await accessibilityViolations(watch.page), name).toEqual([]);
      if (dialect === 'sqlite') await screenshots(watch.page, name);
    }

    it.skipIf(CHROMIUM === undefined)(
      'a privacy officer signs in, searches a person by national identifier, opens an entry and downloads the subject access report',
      async () => {
        await setUp();
        const watch = await open(officer);
        const { page } = watch;
        await page.goto(`${broker.url}/workspace?lang=en`);
        await expect.poll(() => page.locator('.who').innerText()).toContain('Anaïs Martina');
        await check(watch, 'home');

        await page.getByRole('link', { name: 'Audit' }).first().click();
        await expect.poll(() => page.locator('h1').innerText()).toBe('Search the audit trail');
        await check(watch, 'audit-search');

        await page.getByRole('link', { name: 'Search by person' }).click();
        await page.getByLabel('National identifier').fill(NATIONAL_ID);
        await page.getByRole('button', { name: 'Search' }).click();
        await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
        await check(watch, 'audit-person');

        await page.locator('tbody tr td a').first().click();
        await expect.poll(() => page.locator('h1').innerText()).toBe('Audit trail entry');
        expect(await page.locator('dl.record .hash').first().innerText()).toMatch(/^[0-9a-f]{64}$/);
        await check(watch, 'audit-entry');

        await page.getByRole('link', { name: 'Subject access' }).click();
        await page.getByLabel('National identifier').fill(NATIONAL_ID);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download PDF' }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^subject-access-\d{4}-\d{2}-\d{2}\.pdf$/);
        const pdf = await readFile((await download.path()) ?? '');
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        await check(watch, 'audit-subject-access');

        await page.getByRole('link', { name: 'Chain' }).click();
        await expect
          .poll(() => page.locator('h1').innerText())
          .toBe('The chain of the audit trail');
        await check(watch, 'audit-status');

        await page.getByRole('link', { name: 'Statistics' }).click();
        await expect.poll(() => page.locator('figure.chart').count()).toBe(2);
        await check(watch, 'audit-statistics');

        expectSafe(watch);
        const reads = await ctx.store.auditQueries.search({
          network: 'bonaire',
          scope: { kind: 'network' },
          type: 'audit.search',
          limit: 50,
        });
        const actions = reads.entries
          .filter((e) => e.details.via === 'workspace')
          .map((e) => e.details.action);
        expect(actions).toEqual(
          expect.arrayContaining(['search', 'entry', 'subject_access', 'statistics']),
        );
      },
    );

    it.skipIf(CHROMIUM === undefined)(
      'a process director sees the due review of a seeded case on the first screen, and its timeline',
      async () => {
        const { client, people, seeded } = await setUp();
        const moved = await client.call(
          people.processDirector,
          'POST',
          `/v1/cases/${seeded.caseId}/transitions`,
          { action: 'move_to_shadow_list' },
        );
        expect(moved.status, moved.text).toBe(200);
        ctx.clock.set(new Date(Date.parse(moved.body.shadowReviewAt) + 60_000).toISOString());

        const watch = await open(director, 'nl-NL');
        const { page } = watch;
        await page.goto(`${broker.url}/workspace/cases`);
        const due = page.locator('h2 + .table-wrap').first();
        await expect.poll(() => due.innerText()).toContain(seeded.caseId.slice(0, 8));
        await check(watch, 'cases');

        await due.getByRole('link').first().click();
        await expect.poll(() => page.locator('h1').innerText()).toBe('Verloop van de casus');
        const timeline = await page.locator('ol.timeline').innerText();
        expect(timeline).toContain('schaduwlijst');
        expect(timeline).toContain('monitoring');
        await check(watch, 'case-progress');

        await page.getByRole('link', { name: 'Jaarrapportage' }).click();
        await expect.poll(() => page.locator('figure.chart svg').count()).toBe(4);
        await check(watch, 'case-report');
        expectSafe(watch);
      },
    );

    it.skipIf(CHROMIUM === undefined)(
      "a case participant's certificate gets no audit page, and the refusal is in the trail",
      async () => {
        await setUp();
        const watch = await open(participant);
        const { page } = watch;
        await page.goto(`${broker.url}/workspace`);
        expect(await page.locator('nav.modules').innerText()).not.toContain('Audit');
        const refused = await page.goto(`${broker.url}/workspace/audit`);
        expect(refused?.status()).toBe(403);
        expect(await page.locator('main').innerText()).toContain('PRIVACY_OFFICER_REQUIRED');
        await check(watch, 'refused');
        const entries = await ctx.store.auditQueries.search({
          network: 'bonaire',
          scope: { kind: 'network' },
          type: 'access.refused',
          limit: 10,
        });
        expect(entries.entries[0]?.requester).toEqual({
          organisation: 'sgb',
          user: 'mentor-2',
          role: 'case_participant',
        });
      },
    );

    it.skipIf(CHROMIUM === undefined)('refuses a revoked personal certificate', async () => {
      await setUp();
      const watch = await open(revoked);
      await expect(watch.page.goto(`${broker.url}/workspace`)).rejects.toThrow();
    });
  },
);
