import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import {
  buildCandidateBundle,
  type CandidateBundle,
  type CandidateCovenant,
} from '../../support/candidate-bundle.ts';
import { ORGANISATIONS } from '../../support/cast.ts';
import {
  bundleCovenant,
  covenantSigners,
  PROPOSER,
  recordSignedDecision,
} from '../../support/covenant.ts';
import { describeOnEveryDatabase, type StoreContext } from '../../support/databases.ts';
import { keepInputOfAnEarlierShape, seedKeptDecisions } from '../../support/decision-history.ts';
import { useTestNetwork } from '../../support/network.ts';
import { opaForTests } from '../../support/opa-cli.ts';
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

const { opa, skipReason } = opaForTests();
const network = useTestNetwork({ partners: ORGANISATIONS });
const CANDIDATE = 'bonaire-2028-no-police-incidents';
/** A candidate the operator copied only in part: a manifest and nothing else. */
const BROKEN = 'a-half-copied-bundle';
const RENEWAL = {
  version: 'bonaire-2028',
  not_before: '2028-01-01T00:00:00.000Z',
  not_after: '2032-01-01T00:00:00.000Z',
};

/** The renewal: from 2028, and without police incidents in the case meeting. */
function renewed(bonaire: CandidateCovenant): void {
  Object.assign(bonaire, RENEWAL);
  delete bonaire.purposes.case_meeting?.matrix.police_incidents;
}

let policy: PolicyEngine;
let browser: Browser;
let director: PersonHolder;
let officer: PersonHolder;
let participant: PersonHolder;
/** The renewal as a candidate bundle, built by the real OPA. */
let narrowing: CandidateBundle | undefined;
/** The directory BROKER_POLICY_CANDIDATES names: a bundle, a broken one, and a directory that is none. */
let candidates: string;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  director = await issuePerson(network, 'zvh-bonaire', {
    userId: 'procesregisseur-1',
    displayName: 'Ruben Isenia',
    role: 'process_director',
  });
  officer = await issuePerson(network, 'zvh-bonaire', {
    userId: 'privacy-1',
    displayName: 'Anaïs Martina',
    role: 'privacy_officer',
  });
  participant = await issuePerson(network, 'sgb', {
    userId: 'mentor-2',
    displayName: 'Mireille Pietersz',
    role: 'case_participant',
  });
  candidates = mkdtempSync(join(tmpdir(), 'zvh-candidates-'));
  mkdirSync(join(candidates, 'notes'));
  mkdirSync(join(candidates, BROKEN));
  writeFileSync(join(candidates, BROKEN, '.manifest'), '{"revision":"half-copied"}');
  if (opa !== null) {
    narrowing = await buildCandidateBundle(opa, renewed);
    cpSync(narrowing.dir, join(candidates, CANDIDATE), { recursive: true });
  }
  if (CHROMIUM !== undefined) browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  narrowing?.remove();
  rmSync(candidates, { recursive: true, force: true });
});

/**
 * The renewal proposed beside the covenant in force: the police and youth care accepted
 * it, the school rejected it, the others have not decided.
 */
async function proposeRenewal(ctx: StoreContext): Promise<void> {
  const renewal = bundleCovenant();
  renewed(renewal as unknown as CandidateCovenant);
  const version = await ctx.store.covenants.propose('bonaire', renewal, PROPOSER, 'zvh-bonaire');
  const signers = await covenantSigners();
  const sign = (organisation: string, decision: 'accept' | 'reject') => {
    const signer = signers.get(organisation);
    if (signer === undefined) throw new TypeError(`no signer for ${organisation}`);
    return recordSignedDecision(ctx.store, ctx.clock, signer, version.id, decision);
  };
  await sign('politie-cn', 'accept');
  await sign('jeugdzorg-cn', 'accept');
  await sign('sgb', 'reject');
}

describeOnEveryDatabase('the covenant in the workspace, in Chromium', (ctx, dialect) => {
  let broker: TestBroker;
  const watches: BrowserWatch[] = [];

  afterEach(async () => {
    for (const watch of watches.splice(0)) await watch.context.close();
    await broker?.running.close();
  });

  async function start(options: { readonly withCandidates: boolean }) {
    broker = await network.startBroker({
      store: ctx.store,
      policy,
      ...(options.withCandidates ? { policyCandidates: { dir: candidates } } : {}),
    });
  }

  async function open(holder: PersonHolder): Promise<BrowserWatch> {
    const watch = await signIn(browser, broker.url, holder);
    watches.push(watch);
    return watch;
  }

  function expectSafe(watch: BrowserWatch): void {
    expect(watch.problems).toEqual([]);
    const pages = watch.documents.filter((d) => new URL(d.url).pathname.startsWith('/workspace'));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(page.cacheControl, page.url).toContain('no-store');
  }

  async function check(watch: BrowserWatch, name: string): Promise<void> {
    expect(await accessibilityViolations(watch.page), name).toEqual([]);
    if (dialect === 'sqlite') await screenshots(watch.page, name);
  }

  it.skipIf(CHROMIUM === undefined || opa === null)(
    `a process director sees the version in force, a pending version with who accepted, its content, and the impact of a candidate that takes a category out of a purpose${skipReason ? ` (${skipReason})` : ''}`,
    async () => {
      const theCase = await seedKeptDecisions(ctx, policy);
      await keepInputOfAnEarlierShape(ctx, theCase, new Date(Date.now() - 5 * 86_400_000));
      await proposeRenewal(ctx);
      await start({ withCandidates: true });
      const watch = await open(director);
      const { page } = watch;
      await page.goto(`${broker.url}/workspace?lang=en`);
      await page.getByRole('link', { name: 'Covenant' }).first().click();
      await expect.poll(() => page.locator('h1').innerText()).toBe('Covenant');

      expect(await page.locator('#in-force-heading').innerText()).toBe('In force: bonaire-2020');
      const inForce = page.locator('section[aria-labelledby="in-force-heading"]');
      const youthCare = inForce.locator('tr', { hasText: 'jeugdzorg-cn' });
      expect(await youthCare.locator('td').allInnerTexts()).toEqual([
        'youth',
        'accepted',
        '2026-03-02 09:00 UTC',
        'yes',
      ]);

      const pending = page.locator('section.version');
      expect(await pending.count()).toBe(1);
      expect(await pending.locator('h3').innerText()).toBe('bonaire-2028');
      const partners = Object.keys(bundleCovenant().partners as object).length;
      expect(await pending.locator('p').first().innerText()).toBe(
        `2 accepted, 1 rejected, ${partners - 3} not decided yet`,
      );
      const decisionOf = (organisation: string) =>
        pending.locator('tr', { hasText: organisation }).locator('td').nth(1).innerText();
      expect(await decisionOf('politie-cn')).toBe('accepted');
      expect(await decisionOf('jeugdzorg-cn')).toBe('accepted');
      expect(await decisionOf('sgb')).toBe('rejected');
      expect(await decisionOf('mhc')).toBe('not decided yet');
      await check(watch, 'covenant');

      await pending
        .getByRole('link', { name: 'the purposes and categories of bonaire-2028' })
        .click();
      await expect.poll(() => page.locator('h1').innerText()).toBe('Covenant version');
      const caseMeeting = page.locator('tr', { hasText: 'case_meeting' }).first();
      expect(await caseMeeting.innerText()).toContain('identification');
      expect(await caseMeeting.innerText()).not.toContain('police_incidents');
      expect(await page.locator('tbody').last().innerText()).toContain('rejected');
      await check(watch, 'covenant-version');

      await page.getByRole('link', { name: 'Impact of a candidate' }).click();
      await expect.poll(() => page.locator('h1').innerText()).toBe('Impact of a candidate');
      const choices = await page.getByLabel('Candidate bundle').locator('option').allInnerTexts();
      expect(choices).toEqual([`${BROKEN} (half-copied)`, `${CANDIDATE} (${narrowing?.revision})`]);
      await page.getByLabel('Candidate bundle').selectOption(CANDIDATE);
      await page.getByLabel('Number of days back').fill('90');
      await page.getByRole('button', { name: 'Report the impact' }).click();
      await expect.poll(() => page.locator('#impact-heading').count()).toBe(1);

      expect(await page.locator('dd.decided').innerText()).toBe('4');
      expect(await page.locator('dd.changed').innerText()).toBe('3');
      expect(await page.locator('dd.unreadable-by-candidate').innerText()).toBe('1');
      expect(await page.locator('main .notice').first().innerText()).toBe(
        "The candidate's covenant runs from 2028-01-01 to 2032-01-01; the candidate decided as if it were in force over the whole window.",
      );
      const rows = page.locator('table.impact tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().locator('th, td').allInnerTexts()).toEqual([
        'Jeugdzorg Caribisch Nederland jeugdzorg-cn',
        'case_meeting',
        'police_incidents',
        'allowed → denied',
        'CATEGORY_DISPROPORTIONATE',
        '3',
      ]);
      expect(await page.locator('figure.chart svg rect.bar').count()).toBe(1);
      expect(await page.locator('figure.chart desc').textContent()).toBe(
        'police_incidents · jeugdzorg-cn: 3',
      );
      expect(await page.locator('p.totals').innerText()).toBe(
        '3 allowed would be denied, 0 denied would be allowed, 3 unchanged (categories of 4 decisions).',
      );
      await check(watch, 'covenant-impact');
      expectSafe(watch);

      // Run as the CLI runs it, the report leaves the same entry, naming the workspace.
      const reads = await ctx.store.auditQueries.search({
        network: 'bonaire',
        scope: { kind: 'network' },
        type: 'audit.search',
      });
      expect(reads.entries).toHaveLength(1);
      expect(reads.entries[0]).toMatchObject({
        requester: {
          organisation: 'zvh-bonaire',
          user: 'procesregisseur-1',
          role: 'process_director',
        },
        caseId: null,
        details: {
          action: 'covenant_impact',
          via: 'workspace',
          candidate_revision: narrowing?.revision,
          decisions: 4,
          changed_decisions: 3,
        },
      });
    },
  );

  it.skipIf(CHROMIUM === undefined)(
    'a case participant sees the covenant but no impact report, and its refusal is in the trail',
    async () => {
      await proposeRenewal(ctx);
      await start({ withCandidates: true });
      const watch = await open(participant);
      const { page } = watch;
      await page.goto(`${broker.url}/workspace/covenant?lang=en`);
      expect(await page.locator('#in-force-heading').innerText()).toBe('In force: bonaire-2020');
      expect(await page.locator('section.version h3').innerText()).toBe('bonaire-2028');
      expect(await page.locator('main').innerText()).not.toContain('Impact of a candidate');
      expect(await page.locator('nav.sections').innerText()).not.toContain('Impact');
      await check(watch, 'covenant-participant');
      expectSafe(watch);

      const refused = await page.goto(`${broker.url}/workspace/covenant/impact?lang=en`);
      expect(refused?.status()).toBe(403);
      expect(await page.locator('main').innerText()).toContain('COVENANT_IMPACT_READER_REQUIRED');
      expect(await page.locator('form').count()).toBe(0);
      expect(watch.documents.at(-1)?.cacheControl).toBe('no-store');
      const entries = await ctx.store.auditQueries.search({
        network: 'bonaire',
        scope: { kind: 'network' },
        type: 'access.refused',
        limit: 10,
      });
      expect(entries.entries[0]).toMatchObject({
        requester: { organisation: 'sgb', user: 'mentor-2', role: 'case_participant' },
        details: { status: 403, code: 'COVENANT_IMPACT_READER_REQUIRED' },
      });
    },
  );

  it.skipIf(CHROMIUM === undefined)(
    "the network's privacy officer may run the report, and a candidate that is no bundle is refused on the page with nothing recorded",
    async () => {
      await start({ withCandidates: true });
      const watch = await open(officer);
      const { page } = watch;
      await page.goto(`${broker.url}/workspace/covenant/impact?lang=en`);
      await page.getByLabel('Candidate bundle').selectOption(BROKEN);
      const [answer] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        page.getByRole('button', { name: 'Report the impact' }).click(),
      ]);
      expect(answer.status()).toBe(422);
      await expect
        .poll(() => page.locator('main .alert').innerText())
        .toBe(
          'This candidate cannot be used: POLICY_UNAVAILABLE — policy bundle lacks the entrypoint zvh/exchange/decision',
        );
      expect(await page.locator('#impact-heading').count()).toBe(0);
      expect(watch.documents.at(-1)?.cacheControl).toBe('no-store');
      await check(watch, 'covenant-impact-refused');
      const reads = await ctx.store.auditQueries.search({
        network: 'bonaire',
        scope: { kind: 'network' },
        type: 'audit.search',
      });
      expect(reads.entries).toEqual([]);
    },
  );

  it.skipIf(CHROMIUM === undefined)(
    "the network's privacy officer is told how to configure candidates when none are",
    async () => {
      await start({ withCandidates: false });
      const watch = await open(officer);
      const { page } = watch;
      await page.goto(`${broker.url}/workspace/covenant/impact?lang=en`);
      expect(await page.locator('main .notice').innerText()).toContain(
        'Set BROKER_POLICY_CANDIDATES to a directory',
      );
      expect(await page.locator('form').count()).toBe(0);
      await check(watch, 'covenant-impact-unconfigured');
      expectSafe(watch);
    },
  );
});
