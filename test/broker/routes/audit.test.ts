import { afterEach, beforeAll, expect, it } from 'vitest';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import type { AuditEntryView } from '../../../broker/audit/search/audit-entry-view.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse, type Caller } from '../../support/api-client.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { caller, cast, ORGANISATIONS, outsider } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const { father, mother } = DOMESTIC_VIOLENCE;
const TIMEOUT_MS = 5000;
/** Why the school gets no police incidents: no consent, and neither its domain nor a basis. */
const NO_BASIS = ['CONSENT_MISSING', 'DOMAIN_NOT_PERMITTED', 'SPECIAL_CATEGORY_NO_BASIS'];

const network = useTestNetwork({ partners: ORGANISATIONS });
let policy: PolicyEngine;
let police: RunningReferenceAdapter;
let youthCare: RunningReferenceAdapter;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  police = await network.startAdapter('politie-cn');
  youthCare = await network.startAdapter('jeugdzorg-cn');
});

interface Page {
  entries: AuditEntryView[];
  next: string | null;
}

describeOnEveryDatabase('the privacy officer audits the exchanges over mutual TLS', (ctx) => {
  let broker: TestBroker | undefined;
  /** Every URL a test called, to hold against the national identifiers. */
  const urls: string[] = [];
  const answers: string[] = [];
  afterEach(async () => {
    await broker?.running.close();
    broker = undefined;
    urls.length = 0;
    answers.length = 0;
  });

  async function setUp() {
    ctx.clock.set(new Date().toISOString());
    broker = await network.startBroker({
      store: ctx.store,
      policy,
      adapters: {
        urls: { 'politie-cn': police.url, 'jeugdzorg-cn': youthCare.url },
        timeoutMs: TIMEOUT_MS,
      },
    });
    const client = new ApiClient(broker.url);
    const call = async (who: Caller, method: string, path: string, body?: unknown) => {
      urls.push(path);
      const response = await client.call(who, method, path, body);
      answers.push(response.text);
      return response;
    };
    const people = cast(network.holders);
    const theCase = await monitoredCase(client, people, father.nationalId);
    const networkOfficer = caller(network.holders, 'zvh-bonaire', 'fg-zvh', 'privacy_officer');
    return { client, call, people, theCase, networkOfficer };
  }

  const ok = (response: ApiResponse) => {
    expect(response.status, response.text).toBe(200);
    return response.body as Page;
  };

  it('finds exactly the pulls, pushes and refused calls about one person, and a partner sees its own', async () => {
    const { client, call, people, theCase, networkOfficer } = await setUp();
    const { caseId, personId } = theCase;
    await giveConsent(client, people, theCase, 'jeugdzorg-cn');
    const pullPath = `/v1/cases/${caseId}/persons/${personId}/pull`;
    // The police release incidents to youth care.
    const allowed = ok(
      await call(people.caseDirector, 'POST', pullPath, {
        purpose: 'case_meeting',
        categories: ['police_incidents'],
        providers: ['politie-cn'],
      }),
    ) as unknown as { status: string }[];
    expect(allowed).toMatchObject([{ status: 'data' }]);
    // Partly allowed: judicial status is not youth care's to know for a case meeting.
    await call(people.caseDirector, 'POST', pullPath, {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'judicial_status'],
      providers: ['politie-cn'],
    });
    // Denied: the school may not have police incidents.
    const denied = await call(people.participant, 'POST', pullPath, {
      purpose: 'case_meeting',
      categories: ['police_incidents'],
      providers: ['politie-cn'],
    });
    expect(denied.body).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: NO_BASIS,
        withheld: { police_incidents: NO_BASIS },
      },
    ]);
    // The police push an incident to youth care about the father.
    const pushed = await call(people.registrant, 'POST', `/v1/cases/${caseId}/push`, {
      purpose: 'case_meeting',
      personId,
      recipients: ['jeugdzorg-cn'],
      categories: { police_incidents: { incident_date: '2026-11-19', incident_type: 'threat' } },
    });
    expect(pushed.status, pushed.text).toBe(200);
    // An outsider probes the person; a participant without the role tries a transition.
    expect(
      (
        await call(outsider(network.holders), 'POST', pullPath, {
          purpose: 'case_meeting',
          categories: ['police_incidents'],
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(people.participant, 'POST', `/v1/cases/${caseId}/transitions`, {
          action: 'move_to_shadow_list',
        })
      ).status,
    ).toBe(403);
    // Another person of another case, who must not appear.
    const other = await monitoredCase(client, people, mother.nationalId);
    await call(
      people.caseDirector,
      'POST',
      `/v1/cases/${other.caseId}/persons/${other.personId}/pull`,
      {
        purpose: 'case_meeting',
        categories: ['police_incidents'],
        providers: ['politie-cn'],
      },
    );

    const found = ok(
      await call(networkOfficer, 'POST', '/v1/audit/entries', {
        nationalId: father.nationalId,
        limit: 1000,
      }),
    );
    const count = (type: string) => found.entries.filter((e) => e.type === type).length;
    expect(count('exchange.pull')).toBe(3);
    expect(count('exchange.push')).toBe(1);
    expect(count('access.refused')).toBe(1);
    expect(found.entries.every((e) => e.caseId === caseId)).toBe(true);
    const refused = found.entries.find((e) => e.type === 'access.refused');
    expect(refused).toMatchObject({
      requester: { organisation: 'krusada', user: 'x-1', role: 'case_participant' },
      caseId,
      details: {
        method: 'POST',
        route: '/v1/cases/:caseId/persons/:personId/pull',
        status: 404,
        code: 'NOT_FOUND',
      },
    });
    const partly = found.entries.find(
      (e) => e.type === 'exchange.pull' && e.requestedCategories?.length === 2,
    );
    expect(partly).toMatchObject({
      provider: 'politie-cn',
      recipient: 'jeugdzorg-cn',
      requester: { organisation: 'jeugdzorg-cn', user: 'jeugdwerker-4', role: 'case_director' },
      decision: 'allow',
      releasedCategories: ['police_incidents'],
    });
    expect(partly?.outcomes).toEqual([
      { category: 'police_incidents', outcome: 'released', codes: [] },
      {
        category: 'judicial_status',
        outcome: 'withheld',
        codes: ['DOMAIN_NOT_PERMITTED'],
      },
    ]);
    const deniedEntry = found.entries.find(
      (e) => e.type === 'exchange.pull' && e.requester?.organisation === 'sgb',
    );
    expect(deniedEntry).toMatchObject({
      decision: 'deny',
      requestedCategories: ['police_incidents'],
      releasedCategories: [],
      reasons: NO_BASIS.map((code) => ({ code, category: 'police_incidents' })),
    });
    const push = found.entries.find((e) => e.type === 'exchange.push');
    expect(push).toMatchObject({ provider: 'politie-cn', recipient: 'jeugdzorg-cn' });

    // The transition refusal names the case, not the person: a search by case finds it.
    const byCase = ok(
      await call(networkOfficer, 'GET', `/v1/audit/entries?caseId=${caseId}&type=access.refused`),
    );
    expect(byCase.entries.map((e) => e.details.code).sort()).toEqual([
      'CASE_ROLE_REQUIRED',
      'NOT_FOUND',
    ]);

    // The youth care's privacy officer sees only what youth care requested, provided or received.
    const youthOfficer = caller(network.holders, 'jeugdzorg-cn', 'fg-jz', 'privacy_officer');
    const own = ok(
      await call(youthOfficer, 'POST', '/v1/audit/entries', {
        nationalId: father.nationalId,
        limit: 1000,
      }),
    );
    expect(own.entries.length).toBeGreaterThan(0);
    for (const entry of own.entries) {
      expect([entry.requester?.organisation, entry.provider, entry.recipient]).toContain(
        'jeugdzorg-cn',
      );
    }
    expect(own.entries.some((e) => e.requester?.organisation === 'sgb')).toBe(false);
    expect(own.entries.filter((e) => e.type === 'exchange.pull')).toHaveLength(2);

    // Each search is an entry of its own, naming who searched; the person only as a pseudonym.
    const searches = ok(await call(networkOfficer, 'GET', '/v1/audit/entries?type=audit.search'));
    expect(searches.entries.map((e) => e.requester?.organisation)).toEqual(
      expect.arrayContaining(['zvh-bonaire', 'jeugdzorg-cn']),
    );

    const everything = [...urls, ...answers, ...(broker?.logLines ?? [])].join('\n');
    expect(everything).not.toContain(father.nationalId);
    expect(everything).not.toContain(mother.nationalId);
  });

  it('pages newest first with a cursor that appends do not shift', async () => {
    const { call, people, theCase, networkOfficer } = await setUp();
    for (let i = 0; i < 5; i++) {
      await call(people.participant, 'GET', `/v1/cases/${theCase.caseId}/no-such-thing`);
    }
    const first = ok(
      await call(networkOfficer, 'GET', '/v1/audit/entries?type=access.refused&limit=2'),
    );
    expect(first.entries).toHaveLength(2);
    expect(first.next).not.toBeNull();
    await call(people.participant, 'GET', `/v1/cases/${theCase.caseId}/nothing-here`);
    const second = ok(
      await call(
        networkOfficer,
        'GET',
        `/v1/audit/entries?type=access.refused&limit=2&cursor=${first.next}`,
      ),
    );
    const seqs = [...first.entries, ...second.entries].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(4);
    expect(
      (await call(networkOfficer, 'GET', '/v1/audit/entries?cursor=not-a-cursor')).body,
    ).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect((await call(networkOfficer, 'GET', '/v1/audit/entries?limit=1001')).body).toMatchObject({
      status: 400,
      code: 'REQUEST_INVALID',
    });
  });

  it('answers only a privacy officer, and leaves a trace of everyone else who tried', async () => {
    const { call, people, networkOfficer } = await setUp();
    const partnerOfficer = people.privacyOfficer;
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/audit/entries'],
      ['POST', '/v1/audit/entries', { nationalId: father.nationalId }],
      ['GET', '/v1/audit/entries/1'],
      ['POST', '/v1/audit/subject-access', { nationalId: father.nationalId }],
      ['GET', '/v1/audit/statistics?from=2026-01-01&to=2027-01-01&by=purpose'],
      ['GET', '/v1/audit/status'],
      ['GET', '/v1/audit/export?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z'],
    ];
    const others = [
      people.caseDirector,
      people.participant,
      people.processDirector,
      outsider(network.holders),
    ];
    for (const [method, path, body] of routes) {
      for (const who of others) {
        const response = await call(who, method, path, body);
        expect(response.status, `${who.user} ${method} ${path}`).toBe(403);
        expect(response.body).toMatchObject({ code: 'PRIVACY_OFFICER_REQUIRED' });
      }
    }
    const partnerReport = await call(partnerOfficer, 'POST', '/v1/audit/subject-access', {
      nationalId: father.nationalId,
    });
    expect(partnerReport.body).toMatchObject({
      status: 403,
      code: 'NETWORK_PRIVACY_OFFICER_REQUIRED',
    });
    const tries = ok(
      await call(networkOfficer, 'GET', '/v1/audit/entries?type=access.refused&limit=100'),
    );
    expect(tries.entries).toHaveLength(routes.length * others.length + 1);
    expect(tries.entries.every((e) => e.details.status === 403)).toBe(true);
  });

  it('enters a request refused for its assertion under the organisation of its certificate', async () => {
    const { client, theCase, networkOfficer } = await setUp();
    const anonymous = await client.call(
      network.holders.krusada,
      'GET',
      `/v1/cases/${theCase.caseId}`,
    );
    expect(anonymous.status).toBe(401);
    const [entry] = ok(
      await client.call(networkOfficer, 'GET', '/v1/audit/entries?type=access.refused'),
    ).entries;
    expect(entry).toMatchObject({
      requester: { organisation: 'krusada', user: null, role: null },
      caseId: theCase.caseId,
      details: { status: 401, code: 'ASSERTION_MISSING', route: '/v1/cases/:caseId' },
    });
  });

  it('reads one entry with the checkpoint that covers it, and the chain status', async () => {
    const { call, networkOfficer } = await setUp();
    const status = await call(networkOfficer, 'GET', '/v1/audit/status');
    expect(status.status, status.text).toBe(200);
    expect(status.body).toMatchObject({
      entries: expect.any(Number),
      head: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const record = await call(networkOfficer, 'GET', '/v1/audit/entries/1');
    expect(record.status, record.text).toBe(200);
    expect(record.body).toMatchObject({ entry: { seq: 1 } });
    expect((await call(networkOfficer, 'GET', '/v1/audit/entries/999999')).status).toBe(404);
  });

  it('reports to a person, counts with small cells hidden, and exports the period', async () => {
    const { client, call, people, theCase, networkOfficer } = await setUp();
    await giveConsent(client, people, theCase, 'jeugdzorg-cn');
    await call(
      people.caseDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`,
      {
        purpose: 'case_meeting',
        categories: ['police_incidents'],
        providers: ['politie-cn'],
      },
    );
    const report = await call(networkOfficer, 'POST', '/v1/audit/subject-access', {
      nationalId: father.nationalId,
    });
    expect(report.status, report.text).toBe(200);
    expect(report.headers['cache-control']).toBe('no-store');
    expect(report.body).toMatchObject({
      copy: 'person',
      rows: [{ provider: { id: 'politie-cn' }, recipient: { id: 'jeugdzorg-cn' } }],
    });
    const pdf = await call(networkOfficer, 'POST', '/v1/audit/subject-access', {
      nationalId: father.nationalId,
      format: 'pdf',
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.text.startsWith('%PDF-')).toBe(true);

    const year = new Date().getUTCFullYear();
    const stats = await call(
      networkOfficer,
      'GET',
      `/v1/audit/statistics?from=${year}-01-01&to=${year + 1}-01-01&period=year&by=decision`,
    );
    expect(stats.status, stats.text).toBe(200);
    expect(stats.body).toMatchObject({ rows: [{ period: String(year), cells: { allow: '<10' } }] });

    const exported = await call(
      networkOfficer,
      'GET',
      `/v1/audit/export?from=${year}-01-01T00:00:00Z&to=${year + 1}-01-01T00:00:00Z&format=jsonl`,
    );
    expect(exported.headers['content-type']).toBe('application/jsonl');
    const lines = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntryView);
    expect(lines.filter((e) => e.type === 'exchange.pull')).toHaveLength(1);
  });
});
