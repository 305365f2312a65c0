import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ApiClient, ApiResponse, Caller } from '../../support/api-client.ts';
import { useApi } from '../../support/api-fixture.ts';
import { NATIONAL_ID } from '../../support/case-fixtures.ts';
import { monitoredCase } from '../../support/case-setup.ts';
import { caller, cast } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { receivedPull } from '../../support/received-exchange.ts';

/** Who may make a call, beyond seeing the case. */
type Rule =
  | 'participant'
  | 'process_director'
  | 'registrant'
  | 'registrant_or_process_director'
  | 'provider'
  /** An exception's provider: any organisation but its recipient and its approver. */
  | 'exception_provider'
  | 'director'
  | 'carrier_or_director';

interface Endpoint {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** Reads answer 200 to every participant; changes are made only by those the rule names. */
  readonly rule: Rule | 'read';
}

interface CaseIds {
  readonly caseId: string;
  readonly personId: string;
  readonly participantId: string;
  readonly consentId: string;
  readonly objectionId: string;
  readonly exceptionId: string;
  readonly requestId: string;
  /** Carried by the participant's organisation (sgb). */
  readonly actionId: string;
  /** The police's reports, as the case director received them in a pull. */
  readonly exchangeId: string;
}

const FUTURE = '2027-01-01T00:00:00.000Z';
const PAST = '2026-03-01T00:00:00.000Z';

/** Every case endpoint, with a body that is valid in the monitoring phase. */
function endpoints(ids: CaseIds): Endpoint[] {
  const c = `/v1/cases/${ids.caseId}`;
  const p = `${c}/persons/${ids.personId}`;
  const statement = {
    recipient: 'cjg-bonaire',
    categories: null,
    givenBy: 'person',
    obtainedHow: 'by_phone',
    at: PAST,
  };
  return [
    { name: 'read case', method: 'GET', path: c, rule: 'read' },
    {
      name: 'transition',
      method: 'POST',
      path: `${c}/transitions`,
      body: { action: 'move_to_shadow_list' },
      rule: 'process_director',
    },
    { name: 'list participants', method: 'GET', path: `${c}/participants`, rule: 'read' },
    {
      name: 'add participant',
      method: 'POST',
      path: `${c}/participants`,
      body: { organisation: 'forma', user: 'docent-1', role: 'case_participant' },
      rule: 'process_director',
    },
    {
      name: 'appoint case director',
      method: 'PUT',
      path: `${c}/case-director`,
      body: { organisation: 'sgb', user: 'mentor-2' },
      rule: 'process_director',
    },
    {
      name: 'remove participant',
      method: 'DELETE',
      path: `${c}/participants/${ids.participantId}`,
      rule: 'process_director',
    },
    {
      name: 'add person',
      method: 'POST',
      path: `${c}/persons`,
      body: { nationalId: '123456782', ageBand: '24-54', gender: 'female' },
      rule: 'registrant',
    },
    { name: 'list persons', method: 'GET', path: `${c}/persons`, rule: 'read' },
    {
      name: 'record consent',
      method: 'POST',
      path: `${p}/consents`,
      body: statement,
      rule: 'registrant_or_process_director',
    },
    {
      name: 'record objection',
      method: 'POST',
      path: `${p}/objections`,
      body: statement,
      rule: 'registrant_or_process_director',
    },
    {
      name: 'withdraw consent',
      method: 'POST',
      path: `${c}/consents/${ids.consentId}/withdrawal`,
      rule: 'registrant_or_process_director',
    },
    {
      name: 'withdraw objection',
      method: 'POST',
      path: `${c}/objections/${ids.objectionId}/withdrawal`,
      rule: 'registrant_or_process_director',
    },
    { name: 'consent record', method: 'GET', path: `${p}/consent-record`, rule: 'read' },
    {
      name: 'record exception',
      method: 'POST',
      path: `${p}/exceptions`,
      body: {
        recipient: 'cjg-bonaire',
        categories: ['police_reports'],
        reason: 'vital_interest',
        justification: 'The child is in danger.',
        expiresAt: FUTURE,
      },
      rule: 'process_director',
    },
    { name: 'list exceptions', method: 'GET', path: `${p}/exceptions`, rule: 'read' },
    {
      name: 'revoke exception',
      method: 'POST',
      path: `${c}/exceptions/${ids.exceptionId}/revocation`,
      rule: 'process_director',
    },
    {
      name: 'decide exception as provider',
      method: 'POST',
      path: `${c}/exceptions/${ids.exceptionId}/provider-decision`,
      body: { decision: 'refused', reason: 'Not proportionate.' },
      rule: 'exception_provider',
    },
    {
      name: 'create formal request',
      method: 'POST',
      path: `${p}/formal-requests`,
      body: {
        provider: 'politie-cn',
        purpose: 'own_file',
        categories: ['police_reports'],
        exchangeIds: [ids.exchangeId],
        justification: 'For our own file.',
      },
      rule: 'participant',
    },
    { name: 'list formal requests', method: 'GET', path: `${p}/formal-requests`, rule: 'read' },
    {
      name: 'decide formal request',
      method: 'POST',
      path: `${c}/formal-requests/${ids.requestId}/decision`,
      body: { status: 'refused', reason: 'Not for this purpose.' },
      rule: 'provider',
    },
    {
      name: 'agree action',
      method: 'POST',
      path: `${c}/actions`,
      body: { organisation: 'sgb', description: 'Arrange a school intake', dueOn: '2026-04-01' },
      rule: 'director',
    },
    {
      name: 'reschedule action',
      method: 'PATCH',
      path: `${c}/actions/${ids.actionId}`,
      body: { dueOn: '2026-05-01' },
      rule: 'director',
    },
    {
      name: 'set action status',
      method: 'PATCH',
      path: `${c}/actions/${ids.actionId}`,
      body: { status: 'in_progress' },
      rule: 'carrier_or_director',
    },
    { name: 'list actions', method: 'GET', path: `${c}/actions`, rule: 'read' },
    { name: 'progress', method: 'GET', path: `${c}/progress`, rule: 'read' },
  ];
}

describeOnEveryDatabase('authorisation of every case endpoint', (ctx) => {
  const api = useApi(ctx);

  /** The monitored case, with one record of every kind the endpoints address. */
  async function fullCase(client: ApiClient): Promise<CaseIds> {
    const people = cast(api.holders);
    const { registrant, processDirector, caseDirector } = people;
    const { caseId, personId } = await monitoredCase(client, people);
    const created = async (who: Caller, path: string, body: unknown): Promise<string> => {
      const response = await client.call(who, 'POST', path, body);
      expect(response.status, response.text).toBe(201);
      return response.body.id;
    };
    const p = `/v1/cases/${caseId}/persons/${personId}`;
    const statement = {
      recipient: 'jeugdzorg-cn',
      categories: null,
      givenBy: 'person',
      obtainedHow: 'in_person',
      at: PAST,
    };
    const participants = await client.call(
      processDirector,
      'GET',
      `/v1/cases/${caseId}/participants`,
    );
    const exchangeId = await receivedPull(ctx.store, {
      caseId,
      personPseudonym: ctx.store.persons.pseudonymOf(NATIONAL_ID),
      requester: caseDirector,
      provider: 'politie-cn',
      categories: ['police_reports'],
    });
    return {
      exchangeId,
      caseId,
      personId,
      participantId: participants.body.find(
        (x: { organisation: string }) => x.organisation === 'sgb',
      ).id,
      consentId: await created(registrant, `${p}/consents`, statement),
      objectionId: await created(registrant, `${p}/objections`, statement),
      exceptionId: await created(processDirector, `${p}/exceptions`, {
        recipient: 'jeugdzorg-cn',
        categories: ['police_reports'],
        reason: 'danger_to_those_involved',
        justification: 'Telling the father would endanger the child.',
        expiresAt: FUTURE,
      }),
      requestId: await created(caseDirector, `${p}/formal-requests`, {
        provider: 'politie-cn',
        purpose: 'child_protection_investigation',
        categories: ['police_reports'],
        exchangeIds: [exchangeId],
        justification: 'The investigation needs the reports.',
      }),
      actionId: await created(caseDirector, `/v1/cases/${caseId}/actions`, {
        organisation: 'sgb',
        description: 'Talk to the mentor about attendance',
        dueOn: '2026-03-20',
      }),
    };
  }

  function expectStatus(response: ApiResponse, status: number, code: string | null, what: string) {
    expect({ status: response.status, code: response.body?.code ?? null }, what).toEqual({
      status,
      code,
    });
  }

  it('gives participants and their colleagues what their part allows and refuses the rest with CASE_ROLE_REQUIRED', async () => {
    const ids = await fullCase(api.api);
    const people = cast(api.holders);
    const registrantMay = new Set<Rule>([
      'participant',
      'registrant',
      'registrant_or_process_director',
      'provider',
      'exception_provider',
    ]);
    const members: ReadonlyArray<readonly [string, Caller, ReadonlySet<Rule>]> = [
      ['registrant', people.registrant, registrantMay],
      [
        'process director',
        people.processDirector,
        new Set([
          'participant',
          'process_director',
          'registrant_or_process_director',
          'director',
          'carrier_or_director',
        ]),
      ],
      [
        'case director',
        people.caseDirector,
        new Set(['participant', 'director', 'carrier_or_director']),
      ],
      [
        'case participant',
        people.participant,
        new Set(['participant', 'carrier_or_director', 'exception_provider']),
      ],
      ['privacy officer', people.privacyOfficer, new Set(['participant', 'exception_provider'])],
      // The assertion's role claim grants nothing the case does not record.
      [
        'participant claiming process director',
        { ...people.participant, role: 'process_director' },
        new Set(['participant', 'carrier_or_director', 'exception_provider']),
      ],
      // Membership is per organisation: a colleague sees the case and may do what the case
      // grants the organisation (the registrant's, the provider's, the carrier's part),
      // never what it records for one employee (directing it).
      [
        "the registrant's colleague",
        caller(api.holders, 'politie-cn', 'agent-99', 'case_participant'),
        registrantMay,
      ],
      [
        "the participant's colleague claiming case director",
        caller(api.holders, 'sgb', 'mentor-9', 'case_director'),
        new Set(['participant', 'carrier_or_director', 'exception_provider']),
      ],
      // The process direction sees every case, but directs only those the case records.
      [
        'another process director',
        caller(api.holders, 'zvh-bonaire', 'procesregisseur-2', 'process_director'),
        new Set(['participant']),
      ],
    ];
    for (const endpoint of endpoints(ids)) {
      for (const [label, who, may] of members) {
        const what = `${label}: ${endpoint.name}`;
        if (endpoint.rule !== 'read' && may.has(endpoint.rule)) continue;
        const response = await api.api.call(who, endpoint.method, endpoint.path, endpoint.body);
        if (endpoint.rule === 'read') expectStatus(response, 200, null, what);
        else expectStatus(response, 403, 'CASE_ROLE_REQUIRED', what);
      }
    }
  });

  it('answers anyone outside the case exactly as for a case that does not exist', async () => {
    const ids = await fullCase(api.api);
    const { holders } = api;
    const outsiders: ReadonlyArray<readonly [string, Caller]> = [
      [
        'non-participating partner as process director',
        caller(holders, 'krusada', 'k-1', 'process_director'),
      ],
      [
        'non-participating partner as case director',
        caller(holders, 'krusada', 'k-1', 'case_director'),
      ],
      [
        'non-participating partner as case participant',
        caller(holders, 'krusada', 'k-1', 'case_participant'),
      ],
      [
        'non-participating partner as privacy officer',
        caller(holders, 'krusada', 'k-1', 'privacy_officer'),
      ],
    ];
    const missing: CaseIds = {
      caseId: randomUUID(),
      personId: randomUUID(),
      participantId: randomUUID(),
      consentId: randomUUID(),
      objectionId: randomUUID(),
      exceptionId: randomUUID(),
      requestId: randomUUID(),
      actionId: randomUUID(),
      exchangeId: randomUUID(),
    };
    const real = endpoints(ids);
    const absent = endpoints(missing);
    const secrets = Object.values(ids);
    for (const [index, endpoint] of real.entries()) {
      const other = absent[index];
      if (other === undefined) throw new Error('endpoint lists differ');
      for (const [label, who] of outsiders) {
        const what = `${label}: ${endpoint.name}`;
        const response = await api.api.call(who, endpoint.method, endpoint.path, endpoint.body);
        expectStatus(response, 404, 'NOT_FOUND', what);
        const nothing = await api.api.call(who, other.method, other.path, other.body);
        const { instance: _a, ...seen } = response.body;
        const { instance: _b, ...unseen } = nothing.body;
        expect(seen, what).toEqual(unseen);
        expect(response.contentType).toBe(nothing.contentType);
        for (const secret of secrets) expect(response.text, what).not.toContain(secret);
      }
    }
    const read = await api.api.call(cast(holders).participant, 'GET', `/v1/cases/${ids.caseId}`);
    expect(read.body).toMatchObject({ phase: 'monitoring' });
  });

  it('refuses every endpoint without a user assertion', async () => {
    const ids = await fullCase(api.api);
    for (const endpoint of endpoints(ids)) {
      const response = await api.api.call(
        api.holders.krusada,
        endpoint.method,
        endpoint.path,
        endpoint.body,
      );
      expectStatus(response, 401, 'ASSERTION_MISSING', endpoint.name);
    }
  });

  it('lets only the process direction see a registration it has not taken up yet', async () => {
    const people = cast(api.holders);
    const id = (
      await api.api.call(people.registrant, 'POST', '/v1/cases', {
        caseType: 'neglect',
        lifeDomains: ['housing'],
        criteria: {
          multiple_life_domains: false,
          cross_chain_cooperation: false,
          impact_on_family_system: false,
          serious_local_safety_problem: true,
        },
      })
    ).body.id;
    const path = `/v1/cases/${id}`;
    expect((await api.api.call(people.processDirector, 'GET', path)).status).toBe(200);
    const notDirector = { ...people.processDirector, role: 'case_participant' } as const;
    expectStatus(
      await api.api.call(notDirector, 'GET', path),
      404,
      'NOT_FOUND',
      'coordinator employee',
    );
    const elsewhere = caller(api.holders, 'krusada', 'k-1', 'process_director');
    expectStatus(await api.api.call(elsewhere, 'GET', path), 404, 'NOT_FOUND', 'other partner');
    const takeUp = await api.api.call(notDirector, 'POST', `${path}/transitions`, {
      action: 'start_triage',
    });
    expectStatus(takeUp, 404, 'NOT_FOUND', 'take up without the role');
  });
});
