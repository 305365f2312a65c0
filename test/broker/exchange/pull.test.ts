import { afterEach, beforeAll, expect, it } from 'vitest';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { TrailVocabulary } from '../../../broker/audit/trail/trail-vocabulary.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import { useCheckpointKey, verifyAt, withDatabase } from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS, outsider } from '../../support/cast.ts';
import { COVENANT_VOCABULARY, describeOnEveryDatabase } from '../../support/databases.ts';
import type { FakeServer } from '../../support/fake-server.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const father = DOMESTIC_VIOLENCE.father;

/** Short, so the slow adapter's test stays quick; the reference adapters answer in far less. */
const TIMEOUT_MS = 500;

const network = useTestNetwork({ partners: ORGANISATIONS });
const checkpointKey = useCheckpointKey();
let policy: PolicyEngine;
let police: RunningReferenceAdapter;
let fakePolice: FakeServer;
let fakeSchool: FakeServer;
let downUrl: string;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  police = await network.startAdapter('politie-cn');
  // One certificate per organisation: its fake adapters stand in for its real one.
  fakePolice = await network.fakeAdapter('politie-cn');
  fakeSchool = await network.fakeAdapter('sgb');
  const down = await network.fakeAdapter('sgb');
  downUrl = down.url;
  await down.close();
});

describeOnEveryDatabase('pull over mutual TLS, policy-gated and audited', (ctx) => {
  let broker: TestBroker | undefined;
  afterEach(async () => {
    await broker?.running.close();
    broker = undefined;
  });

  async function setUp(adapters: Record<string, string>) {
    // The broker decides at the time its certificates and assertions live in: so does the store.
    ctx.clock.set(new Date().toISOString());
    broker = await network.startBroker({
      store: ctx.store,
      policy,
      adapters: { urls: adapters, timeoutMs: TIMEOUT_MS },
    });
    const api = new ApiClient(broker.url);
    const people = cast(network.holders);
    const theCase = await monitoredCase(api, people, father.nationalId);
    const { caseId, personId } = theCase;
    const consent = (recipient: string) => giveConsent(api, people, theCase, recipient);
    const pull = (who: keyof typeof people, body: object): Promise<ApiResponse> =>
      api.call(people[who], 'POST', `/v1/cases/${caseId}/persons/${personId}/pull`, body);
    return { api, people, caseId, personId, consent, pull };
  }

  const entries = () =>
    withDatabase(ctx.url, (db) =>
      db
        .selectFrom('audit_entries')
        .selectAll()
        .where('event_type', '=', 'exchange.pull')
        .orderBy('seq')
        .execute(),
    );

  const resultsOf = (response: ApiResponse) => {
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as unknown as Record<string, unknown>[];
  };

  it('gives youth care the police incident date, type and role, but not the summary', async () => {
    const { consent, pull } = await setUp({ 'politie-cn': police.url });
    await consent('jeugdzorg-cn');
    const results = resultsOf(
      await pull('caseDirector', {
        purpose: 'case_meeting',
        categories: ['police_incidents'],
        providers: ['politie-cn'],
      }),
    );
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result).toMatchObject({
      provider: 'politie-cn',
      status: 'data',
      purpose: 'case_meeting',
    });
    const data = result?.data as Record<string, Record<string, unknown>[]>;
    const incidents = data.police_incidents ?? [];
    expect(incidents.length).toBe(2);
    for (const record of incidents) {
      expect(Object.keys(record).sort()).toEqual([
        'incident_date',
        'incident_type',
        'role_in_incident',
      ]);
    }
    const [entry] = await entries();
    expect(entry).toMatchObject({ provider_organisation: 'politie-cn', decision: 'allow' });
    expect(entry?.exchange_id).toBe(result?.exchangeId);
    expect(JSON.parse(entry?.fields ?? '[]')).toEqual([
      'police_incidents.incident_date',
      'police_incidents.incident_type',
      'police_incidents.role_in_incident',
    ]);
    // The adapter's manifest is wider than the decision: the broker drops the rest.
    expect(JSON.parse(entry?.dropped_fields ?? '[]')).toEqual([
      'police_incidents.report_number',
      'police_incidents.summary',
    ]);
    expect(entry?.payload_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await entries())).not.toContain(father.nationalId);
  });

  it('denies a school police incidents for its domain, and releases nothing', async () => {
    const { consent, pull } = await setUp({ 'politie-cn': police.url });
    await consent('sgb');
    const results = resultsOf(
      await pull('participant', {
        purpose: 'case_meeting',
        categories: ['police_incidents'],
        providers: ['politie-cn'],
      }),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ provider: 'politie-cn', status: 'denied' });
    expect(results[0]?.reasons).toContain('DOMAIN_NOT_PERMITTED');
    expect(results[0]).not.toHaveProperty('data');
    const [entry] = await entries();
    expect(entry).toMatchObject({ provider_organisation: 'politie-cn', decision: 'deny' });
    expect(JSON.parse(entry?.reasons ?? '[]')).toContain('DOMAIN_NOT_PERMITTED');
    expect(JSON.parse(entry?.fields ?? '[]')).toEqual([]);
  });

  it('denies the provider once the consent is withdrawn, a moment before the pull', async () => {
    const { api, people, caseId, consent, pull } = await setUp({ 'politie-cn': police.url });
    const consentId = await consent('jeugdzorg-cn');
    const withdrawn = await api.call(
      people.processDirector,
      'POST',
      `/v1/cases/${caseId}/consents/${consentId}/withdrawal`,
    );
    expect(withdrawn.status).toBe(204);
    const results = resultsOf(
      await pull('caseDirector', { purpose: 'case_meeting', categories: ['police_incidents'] }),
    );
    expect(results).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['CONSENT_WITHDRAWN'],
        withheld: { police_incidents: ['CONSENT_WITHDRAWN'] },
      },
    ]);
    expect(JSON.stringify(results)).not.toContain('incident_');
  });

  it('drops a field the adapter sent beyond the decision and records only its count', async () => {
    // An adapter that puts values into keys: a national identifier as a field name.
    const valueAsName = `informant_${father.nationalId}`;
    fakePolice.behave(({ body }) => ({
      status: 200,
      text: JSON.stringify({
        exchangeId: body.exchangeId,
        categories: {
          police_incidents: [
            {
              incident_date: '2026-05-01',
              incident_type: 'domestic_violence',
              role_in_incident: 'suspect',
              summary: 'a covenant field the decision does not permit',
              [valueAsName]: 'not for release',
            },
          ],
          [`category_${father.nationalId}`]: [{ note: 'a category the covenant lacks' }],
        },
      }),
    }));
    const { consent, pull } = await setUp({ 'politie-cn': fakePolice.url });
    await consent('jeugdzorg-cn');
    const response = await pull('caseDirector', {
      purpose: 'case_meeting',
      categories: ['police_incidents'],
    });
    expect(response.text).not.toContain('not for release');
    const [result] = resultsOf(response);
    expect(result).toMatchObject({ status: 'data' });
    const [entry] = await entries();
    expect(JSON.parse(entry?.dropped_fields ?? '[]')).toEqual(['police_incidents.summary']);
    const vocabulary = new TrailVocabulary(COVENANT_VOCABULARY, ctx.identifierSecret);
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({
      unknown_dropped_fields: 2,
      unknown_dropped_fields_digest: vocabulary.digestOf([
        `police_incidents.${valueAsName}`,
        `category_${father.nationalId}.note`,
      ]),
    });
    expect(JSON.stringify(await entries())).not.toContain(father.nationalId);
  });

  const faults: readonly [string, () => string][] = [
    ['down', () => downUrl],
    [
      'slow past the timeout',
      () => {
        fakeSchool.behave(() => null);
        return fakeSchool.url;
      },
    ],
    [
      'answering garbage',
      () => {
        fakeSchool.behave(() => ({ status: 200, text: '<html>oops' }));
        return fakeSchool.url;
      },
    ],
    [
      'answering another exchange',
      () => {
        fakeSchool.behave(() => ({
          status: 200,
          text: JSON.stringify({ exchangeId: 'other', categories: {} }),
        }));
        return fakeSchool.url;
      },
    ],
  ];

  for (const [name, schoolUrl] of faults) {
    it(`reports a school adapter ${name} as unavailable while the police answer`, async () => {
      const { consent, pull } = await setUp({ 'politie-cn': police.url, sgb: schoolUrl() });
      await consent('jeugdzorg-cn');
      const started = Date.now();
      const results = resultsOf(
        await pull('caseDirector', {
          purpose: 'case_meeting',
          // Each provider holds one of the two: the other is PROVIDER_DOMAIN_NOT_PERMITTED.
          categories: ['police_incidents', 'school_attendance'],
          providers: ['politie-cn', 'sgb'],
        }),
      );
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 4);
      expect(results.map((r) => [r.provider, r.status])).toEqual([
        ['politie-cn', 'data'],
        ['sgb', 'unavailable'],
      ]);
      const recorded = await entries();
      expect(recorded.map((e) => [e.provider_organisation, e.decision])).toEqual(
        expect.arrayContaining([
          ['politie-cn', 'allow'],
          ['sgb', 'allow'],
        ]),
      );
      expect(
        JSON.parse(recorded.find((e) => e.provider_organisation === 'sgb')?.reasons ?? '[]'),
      ).toEqual(['ADAPTER_UNAVAILABLE', 'PROVIDER_DOMAIN_NOT_PERMITTED']);
    });
  }

  it('audits allowed and denied results alike, in a chain that verifies intact', async () => {
    const { consent, pull } = await setUp({ 'politie-cn': police.url });
    await consent('jeugdzorg-cn');
    resultsOf(
      await pull('caseDirector', { purpose: 'case_meeting', categories: ['police_incidents'] }),
    );
    resultsOf(
      await pull('participant', { purpose: 'case_meeting', categories: ['police_incidents'] }),
    );
    const recorded = await entries();
    expect(recorded.map((e) => e.decision)).toEqual(['allow', 'deny']);
    for (const entry of recorded) {
      expect(entry.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(entry.person_pseudonym).not.toBeNull();
    }
    const report = await verifyAt(ctx.url, checkpointKey.key);
    expect(report.intact).toBe(true);
  });

  it('turns an allowed result into a denial when its audit entry cannot be written', async () => {
    const { consent, pull } = await setUp({ 'politie-cn': police.url });
    await consent('jeugdzorg-cn');
    await ctx.store.audit.close();
    const response = await pull('caseDirector', {
      purpose: 'case_meeting',
      categories: ['police_incidents'],
    });
    expect(resultsOf(response)).toEqual([
      { provider: 'politie-cn', status: 'denied', reasons: ['AUDIT_WRITE_FAILED'], withheld: {} },
    ]);
    expect(response.text).not.toContain('incident_date');
  });

  it('answers a non-participant like a case that does not exist', async () => {
    const { api, caseId, personId } = await setUp({ 'politie-cn': police.url });
    const response = await api.call(
      outsider(network.holders),
      'POST',
      `/v1/cases/${caseId}/persons/${personId}/pull`,
      { purpose: 'case_meeting', categories: ['police_incidents'] },
    );
    expect(response.status).toBe(404);
    expect(await entries()).toEqual([]);
  });
});
