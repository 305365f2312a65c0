import { expect, it } from 'vitest';
import { useApi } from '../../support/api-fixture.ts';
import { NATIONAL_ID } from '../../support/case-fixtures.ts';
import { monitoredCase } from '../../support/case-setup.ts';
import { cast } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { receivedPull } from '../../support/received-exchange.ts';

const DAY_MS = 86_400_000;

describeOnEveryDatabase('consent, exceptions and formal requests over the API', (ctx) => {
  const api = useApi(ctx);
  const inDays = (days: number) =>
    new Date(ctx.clock.now().getTime() + days * DAY_MS).toISOString();

  it('records, lists and withdraws consent and objections', async () => {
    const people = cast(api.holders);
    const { registrant, processDirector, participant } = people;
    const { caseId, personId } = await monitoredCase(api.api, people);
    const statement = {
      recipient: 'jeugdzorg-cn',
      categories: ['school_attendance'],
      givenBy: 'legal_representative',
      obtainedHow: 'in_person',
      at: inDays(-1),
    };
    const consent = await api.api.call(
      registrant,
      'POST',
      `/v1/cases/${caseId}/persons/${personId}/consents`,
      statement,
    );
    expect(consent.status).toBe(201);
    expect(consent.body).toMatchObject({
      kind: 'consent',
      personId,
      recipient: 'jeugdzorg-cn',
      recordedBy: 'politie-cn',
      withdrawnAt: null,
    });
    const objection = await api.api.call(
      processDirector,
      'POST',
      `/v1/cases/${caseId}/persons/${personId}/objections`,
      { ...statement, recipient: 'om-bes', categories: null, givenBy: 'person' },
    );
    expect(objection.status).toBe(201);

    const future = await api.api.call(
      registrant,
      'POST',
      `/v1/cases/${caseId}/persons/${personId}/consents`,
      { ...statement, at: inDays(1) },
    );
    expect(future.body).toMatchObject({
      code: 'REQUEST_INVALID',
      issues: ['at: lies in the future'],
    });
    const stranger = await api.api.call(
      registrant,
      'POST',
      `/v1/cases/${caseId}/persons/${personId}/consents`,
      { ...statement, recipient: 'nobody-here' },
    );
    expect(stranger.body).toMatchObject({ status: 422, code: 'PARTNER_UNKNOWN' });

    const withdrawn = await api.api.call(
      registrant,
      'POST',
      `/v1/cases/${caseId}/consents/${consent.body.id}/withdrawal`,
    );
    expect(withdrawn.status).toBe(204);
    const again = await api.api.call(
      registrant,
      'POST',
      `/v1/cases/${caseId}/consents/${consent.body.id}/withdrawal`,
    );
    expect(again.body).toMatchObject({ status: 409, code: 'RECORD_CONFLICT' });
    expect(
      (
        await api.api.call(
          processDirector,
          'POST',
          `/v1/cases/${caseId}/objections/${objection.body.id}/withdrawal`,
        )
      ).status,
    ).toBe(204);

    const record = await api.api.call(
      participant,
      'GET',
      `/v1/cases/${caseId}/persons/${personId}/consent-record`,
    );
    expect(record.status).toBe(200);
    expect(record.body).toHaveLength(2);
    expect(record.body.every((s: { withdrawnAt: string | null }) => s.withdrawnAt !== null)).toBe(
      true,
    );
  });

  it('lets the process director record and revoke a legal-ground exception', async () => {
    const people = cast(api.holders);
    const { processDirector, caseDirector } = people;
    const { caseId, personId } = await monitoredCase(api.api, people);
    const exception = {
      recipient: 'jeugdzorg-cn',
      categories: ['police_reports'],
      reason: 'danger_to_those_involved',
      justification: 'Telling the father would endanger the child.',
      expiresAt: inDays(30),
    };
    const path = `/v1/cases/${caseId}/persons/${personId}/exceptions`;
    const denied = await api.api.call(caseDirector, 'POST', path, exception);
    expect(denied.body).toMatchObject({ status: 403, code: 'CASE_ROLE_REQUIRED' });
    const expired = await api.api.call(processDirector, 'POST', path, {
      ...exception,
      expiresAt: inDays(-1),
    });
    expect(expired.body).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });

    const approved = await api.api.call(processDirector, 'POST', path, exception);
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({
      personId,
      approvedBy: { organisation: 'zvh-bonaire', user: 'procesregisseur-1' },
      expiresAt: exception.expiresAt,
    });
    const revoked = await api.api.call(
      processDirector,
      'POST',
      `/v1/cases/${caseId}/exceptions/${approved.body.id}/revocation`,
    );
    expect(revoked.status).toBe(204);
    const list = await api.api.call(caseDirector, 'GET', path);
    expect(list.body).toEqual([
      expect.objectContaining({ id: approved.body.id, expiresAt: ctx.clock.now().toISOString() }),
    ]);
  });

  it('carries a formal request from the requester to the provider, who decides once', async () => {
    const people = cast(api.holders);
    const { caseDirector, registrant, participant } = people;
    const { caseId, personId } = await monitoredCase(api.api, people);
    const path = `/v1/cases/${caseId}/persons/${personId}/formal-requests`;
    const received = await receivedPull(ctx.store, {
      caseId,
      personPseudonym: ctx.store.persons.pseudonymOf(NATIONAL_ID),
      requester: caseDirector,
      provider: 'politie-cn',
      categories: ['police_reports'],
    });
    const request = {
      provider: 'politie-cn',
      purpose: 'child_protection_investigation',
      categories: ['police_reports'],
      exchangeIds: [received],
      justification: 'The guardianship council needs the reports for its investigation.',
    };
    const created = await api.api.call(caseDirector, 'POST', path, request);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ requester: 'jeugdzorg-cn', status: 'pending' });
    const refusedBySelf = await api.api.call(registrant, 'POST', path, request);
    expect(refusedBySelf.body).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });

    const decision = `/v1/cases/${caseId}/formal-requests/${created.body.id}/decision`;
    const notProvider = await api.api.call(participant, 'POST', decision, {
      status: 'refused',
      reason: 'not mine to decide',
    });
    expect(notProvider.body).toMatchObject({ status: 403, code: 'CASE_ROLE_REQUIRED' });
    const incomplete = await api.api.call(registrant, 'POST', decision, {
      status: 'approved',
      reason: 'needed for the investigation',
    });
    expect(incomplete.body).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    expect(incomplete.body.issues).toContain(
      'expiresAt: Invalid input: expected string, received undefined',
    );

    const approved = await api.api.call(registrant, 'POST', decision, {
      status: 'approved',
      reason: 'needed for the investigation',
      expiresAt: inDays(90),
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', expiresAt: inDays(90) });
    const twice = await api.api.call(registrant, 'POST', decision, {
      status: 'refused',
      reason: 'changed my mind',
    });
    expect(twice.body).toMatchObject({ status: 409, code: 'RECORD_CONFLICT' });
    const list = await api.api.call(participant, 'GET', path);
    expect(list.body).toEqual([
      expect.objectContaining({ id: created.body.id, status: 'approved' }),
    ]);
  });
});
