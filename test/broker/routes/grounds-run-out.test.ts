import { expect, it } from 'vitest';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { useApi } from '../../support/api-fixture.ts';
import { withDatabase } from '../../support/audit.ts';
import { NATIONAL_ID } from '../../support/case-fixtures.ts';
import { type MonitoredCase, monitoredCase } from '../../support/case-setup.ts';
import { cast } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { receivedPull } from '../../support/received-exchange.ts';

const DAY_MS = 86_400_000;

/**
 * The store records at the test clock (March 2026), the broker decides at the real time,
 * months later: a ground recorded to end within days has ended when the pull is decided.
 */
describeOnEveryDatabase('a ground that ran out is named in the pull and its audit entry', (ctx) => {
  const api = useApi(ctx, { policy: () => openPolicyEngine('policies/bundle') });
  const inDays = (days: number) =>
    new Date(ctx.clock.now().getTime() + days * DAY_MS).toISOString();
  const people = () => cast(api.holders);

  /** The police's pull answer for the case director, and the reason details of its entry. */
  async function pullFromPolice(theCase: MonitoredCase, purpose: string, category: string) {
    const response = await api.api.call(
      people().caseDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`,
      { purpose, categories: [category], providers: ['politie-cn'] },
    );
    expect(response.status, response.text).toBe(200);
    const entries = await withDatabase(ctx.url, (db) =>
      db
        .selectFrom('audit_entries')
        .select(['decision', 'reasons', 'reason_details'])
        .where('event_type', '=', 'exchange.pull')
        .where('provider_organisation', '=', 'politie-cn')
        .where('requester_organisation', '=', 'jeugdzorg-cn')
        .where('purpose', '=', purpose)
        .execute(),
    );
    return {
      result: response.body,
      entries: entries.map((e) => ({
        decision: e.decision,
        reasons: JSON.parse(e.reasons),
        reasonDetails: e.reason_details === null ? null : JSON.parse(e.reason_details),
      })),
    };
  }

  function expectDenied(
    outcome: Awaited<ReturnType<typeof pullFromPolice>>,
    code: string,
    category: string,
  ) {
    expect(outcome.result).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: [code],
        withheld: { [category]: [code] },
      },
    ]);
    expect(outcome.entries).toEqual([
      { decision: 'deny', reasons: [code], reasonDetails: [{ code, category }] },
    ]);
  }

  async function exception(theCase: MonitoredCase, expiresAt: string): Promise<string> {
    const approved = await api.api.call(
      people().processDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/exceptions`,
      {
        recipient: 'jeugdzorg-cn',
        categories: ['police_incidents'],
        reason: 'danger_to_those_involved',
        justification: 'Asking the father would put the child at risk.',
        expiresAt,
      },
    );
    expect(approved.status, approved.text).toBe(201);
    return approved.body.id;
  }

  /** A formal request by youth care to reuse police reports, decided by the police. */
  async function formalRequest(theCase: MonitoredCase, decision: object): Promise<void> {
    const { caseDirector, registrant } = people();
    const exchangeId = await receivedPull(ctx.store, {
      caseId: theCase.caseId,
      personPseudonym: ctx.store.persons.pseudonymOf(NATIONAL_ID),
      requester: caseDirector,
      provider: 'politie-cn',
      categories: ['police_reports'],
    });
    const created = await api.api.call(
      caseDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/formal-requests`,
      {
        provider: 'politie-cn',
        purpose: 'child_protection_investigation',
        categories: ['police_reports'],
        exchangeIds: [exchangeId],
        justification: 'The reports are needed for the child protection investigation.',
      },
    );
    expect(created.status, created.text).toBe(201);
    const decided = await api.api.call(
      registrant,
      'POST',
      `/v1/cases/${theCase.caseId}/formal-requests/${created.body.id}/decision`,
      decision,
    );
    expect(decided.status, decided.text).toBe(200);
  }

  it('says EXCEPTION_EXPIRED when the only ground was an exception that expired', async () => {
    const theCase = await monitoredCase(api.api, people());
    await exception(theCase, inDays(7));
    expectDenied(
      await pullFromPolice(theCase, 'case_meeting', 'police_incidents'),
      'EXCEPTION_EXPIRED',
      'police_incidents',
    );
  });

  it('says EXCEPTION_REVOKED when the process director revoked the only ground', async () => {
    const theCase = await monitoredCase(api.api, people());
    const id = await exception(theCase, inDays(7));
    ctx.clock.advanceMinutes(60);
    const revoked = await api.api.call(
      people().processDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/exceptions/${id}/revocation`,
    );
    expect(revoked.status, revoked.text).toBe(204);
    expectDenied(
      await pullFromPolice(theCase, 'case_meeting', 'police_incidents'),
      'EXCEPTION_REVOKED',
      'police_incidents',
    );
  });

  it('says FORMAL_REQUEST_EXPIRED when the approval for the reuse expired', async () => {
    const theCase = await monitoredCase(api.api, people());
    await formalRequest(theCase, {
      status: 'approved',
      reason: 'Needed for the investigation.',
      expiresAt: inDays(7),
    });
    expectDenied(
      await pullFromPolice(theCase, 'child_protection_investigation', 'police_reports'),
      'FORMAL_REQUEST_EXPIRED',
      'police_reports',
    );
  });

  it('says FORMAL_REQUEST_REFUSED when the provider refused the reuse', async () => {
    const theCase = await monitoredCase(api.api, people());
    await formalRequest(theCase, { status: 'refused', reason: 'Not proportionate.' });
    expectDenied(
      await pullFromPolice(theCase, 'child_protection_investigation', 'police_reports'),
      'FORMAL_REQUEST_REFUSED',
      'police_reports',
    );
  });

  it('still says CONSENT_MISSING and FORMAL_REQUEST_REQUIRED where there never was a ground', async () => {
    const theCase = await monitoredCase(api.api, people());
    expectDenied(
      await pullFromPolice(theCase, 'case_meeting', 'police_incidents'),
      'CONSENT_MISSING',
      'police_incidents',
    );
    expectDenied(
      await pullFromPolice(theCase, 'child_protection_investigation', 'police_reports'),
      'FORMAL_REQUEST_REQUIRED',
      'police_reports',
    );
  });
});
