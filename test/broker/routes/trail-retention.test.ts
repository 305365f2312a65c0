import { afterEach, beforeAll, expect, it } from 'vitest';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import type { AuditEntryView } from '../../../broker/audit/search/audit-entry-view.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import {
  auditCliProcess,
  checkpointKeyFixture,
  verifyAt,
  withDatabase,
} from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { caller, cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const { father } = DOMESTIC_VIOLENCE;
const YEAR_MS = 366 * 86_400_000;

const network = useTestNetwork({ partners: ORGANISATIONS });
let policy: PolicyEngine;
let police: RunningReferenceAdapter;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  police = await network.startAdapter('politie-cn');
});

describeOnEveryDatabase("the trail's retention over mutual TLS", (ctx) => {
  let broker: TestBroker | undefined;
  afterEach(async () => {
    await broker?.running.close();
    broker = undefined;
  });

  /** A case in monitoring whose police incidents youth care pulled, and its entries' seqs. */
  async function pulledCase() {
    ctx.clock.set(new Date().toISOString());
    broker = await network.startBroker({
      store: ctx.store,
      policy,
      adapters: { urls: { 'politie-cn': police.url }, timeoutMs: 5000 },
    });
    const client = new ApiClient(broker.url);
    const people = cast(network.holders);
    const officer = caller(network.holders, 'zvh-bonaire', 'fg-zvh', 'privacy_officer');
    const theCase = await monitoredCase(client, people, father.nationalId);
    await giveConsent(client, people, theCase, 'jeugdzorg-cn');
    const pulled = await client.call(
      people.caseDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`,
      { purpose: 'case_meeting', categories: ['police_incidents'], providers: ['politie-cn'] },
    );
    expect(pulled.body).toMatchObject([{ provider: 'politie-cn', status: 'data' }]);
    const found = ok(
      await client.call(officer, 'GET', `/v1/audit/entries?caseId=${theCase.caseId}&limit=1000`),
    ).entries;
    const pull = found.find((entry) => entry.type === 'exchange.pull');
    expect(pull).toMatchObject({ releasedCategories: ['police_incidents'], erasedAt: null });
    return { client, people, officer, theCase, seqs: found.map((e) => e.seq), pull: pull! };
  }

  const ok = (response: ApiResponse) => {
    expect(response.status, response.text).toBe(200);
    return response.body as { entries: AuditEntryView[] };
  };

  /** What the privacy officer reads of an entry now, and that it names nothing of the case. */
  async function readErased(
    client: ApiClient,
    officer: ReturnType<typeof caller>,
    seq: number,
    caseId: string,
  ) {
    const read = await client.call(officer, 'GET', `/v1/audit/entries/${seq}`);
    expect(read.status, read.text).toBe(200);
    expect(read.text).not.toContain(caseId);
    expect(read.text).not.toContain('police_incidents');
    return (read.body as { entry: AuditEntryView }).entry;
  }

  const erasedCount = async () =>
    (
      await withDatabase(ctx.url, (db) =>
        db.selectFrom('audit_entries').select('seq').where('erased_at', 'is not', null).execute(),
      )
    ).length;

  /** The chain verifies, counting `erased` entries erased, from the code and the CLI. */
  async function expectVerifiedWithErased(erased: number) {
    const keys = await checkpointKeyFixture();
    try {
      await ctx.store.checkpoints.checkpoint(keys.key);
      expect(await verifyAt(ctx.url, keys.key)).toMatchObject({ intact: true, erased });
      const cli = await auditCliProcess([
        'verify',
        '--database',
        ctx.url,
        '--key',
        keys.paths.publicKey,
      ]);
      expect(cli.code, cli.stderr).toBe(0);
      expect(cli.stdout).toContain(`(${erased} with their subject erased)`);
    } finally {
      keys.cleanUp();
    }
  }

  it("erases a deleted case's entries, categories included, and the trail still verifies", async () => {
    const { client, people, officer, theCase, seqs, pull } = await pulledCase();
    const closed = await client.call(
      people.processDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/transitions`,
      { action: 'close', outcome: 'positive_with_involvement' },
    );
    expect(closed.status, closed.text).toBe(200);
    const run = await ctx.store.retention.run(new Date(Date.now() + YEAR_MS));
    expect(run.deleted.map((d) => d.caseId)).toEqual([theCase.caseId]);

    const entry = await readErased(client, officer, pull.seq, theCase.caseId);
    expect(entry).toMatchObject({
      type: 'exchange.pull',
      provider: 'politie-cn',
      recipient: 'jeugdzorg-cn',
      purpose: 'case_meeting',
      decision: 'allow',
      caseId: null,
      personPseudonym: null,
      releasedCategories: [],
      fields: [],
      grounds: {},
      erasedAt: expect.any(String),
    });
    const search = ok(
      await client.call(officer, 'POST', '/v1/audit/entries', { nationalId: father.nationalId }),
    );
    expect(search.entries.filter((e) => e.type.startsWith('exchange.'))).toEqual([]);
    const erased = await erasedCount();
    expect(erased).toBeGreaterThanOrEqual(seqs.length);
    await expectVerifiedWithErased(erased);
  });

  it("erases an open case's entries at the trail's own term, and the case runs on", async () => {
    const { client, people, officer, theCase, seqs, pull } = await pulledCase();
    const later = new Date(Date.now() + 5 * YEAR_MS);
    const run = await ctx.store.retention.run(later);
    expect(run.deleted).toEqual([]);
    expect(run.erased).toMatchObject([{ network: 'bonaire', entries: expect.any(Number) }]);
    const erased = run.erased[0]!.entries;
    expect(erased).toBeGreaterThanOrEqual(seqs.length);
    expect(await erasedCount()).toBe(erased);

    const entry = await readErased(client, officer, pull.seq, theCase.caseId);
    expect(entry).toMatchObject({
      caseId: null,
      releasedCategories: [],
      erasedAt: later.toISOString(),
    });
    const read = await client.call(people.caseDirector, 'GET', `/v1/cases/${theCase.caseId}`);
    expect(read.status, read.text).toBe(200);
    await expectVerifiedWithErased(erased);
  });
});
