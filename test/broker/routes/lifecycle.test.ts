import { expect, it } from 'vitest';
import { useApi } from '../../support/api-fixture.ts';
import { NATIONAL_ID, REGISTRATION } from '../../support/case-fixtures.ts';
import { cast } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

describeOnEveryDatabase('the case lifecycle over the API', (ctx) => {
  const api = useApi(ctx);

  it('walks a case from registration to closing and reopening', async () => {
    const { registrant, processDirector, caseDirector } = cast(api.holders);
    const client = api.api;
    const registered = await client.call(registrant, 'POST', '/v1/cases', REGISTRATION);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      phase: 'registration',
      registeredBy: 'politie-cn',
      caseType: 'domestic_violence',
      lifeDomains: REGISTRATION.lifeDomains,
      criteria: REGISTRATION.criteria,
      allowedActions: ['start_triage'],
    });
    const id: string = registered.body.id;
    const transition = (action: string, extra: object = {}) =>
      client.call(processDirector, 'POST', `/v1/cases/${id}/transitions`, { action, ...extra });

    expect((await transition('start_triage')).body).toMatchObject({ phase: 'triage' });
    expect((await transition('accept')).body).toMatchObject({
      phase: 'case_meeting',
      triageDecision: 'accepted',
    });

    const early = await transition('start_monitoring');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CASE_TRANSITION_INVALID' });
    expect(early.body.detail).toContain('a case director must be appointed first');

    const appointed = await client.call(processDirector, 'PUT', `/v1/cases/${id}/case-director`, {
      organisation: 'jeugdzorg-cn',
      user: caseDirector.user,
    });
    expect(appointed.status).toBe(200);
    expect(appointed.body).toMatchObject({ organisation: 'jeugdzorg-cn', role: 'case_director' });

    expect((await transition('start_monitoring')).body).toMatchObject({ phase: 'monitoring' });
    const shadow = await transition('move_to_shadow_list');
    expect(shadow.body).toMatchObject({ phase: 'shadow_list' });
    expect(shadow.body.shadowReviewAt).toBe('2026-09-02T09:00:00.000Z');

    const illegal = await transition('reopen');
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({
      code: 'CASE_TRANSITION_INVALID',
      detail: 'reopen is not allowed in phase shadow_list; allowed: return_to_case_meeting, close',
    });

    const closed = await transition('close', { outcome: 'positive_with_involvement' });
    expect(closed.body).toMatchObject({ phase: 'closed', outcome: 'positive_with_involvement' });
    expect((await transition('reopen')).body).toMatchObject({
      phase: 'case_meeting',
      outcome: null,
    });

    const read = await client.call(caseDirector, 'GET', `/v1/cases/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, phase: 'case_meeting' });
  });

  it('lets triage advise the registering partner, which closes the case', async () => {
    const { registrant, processDirector } = cast(api.holders);
    const id = (await api.api.call(registrant, 'POST', '/v1/cases', REGISTRATION)).body.id;
    const path = `/v1/cases/${id}/transitions`;
    await api.api.call(processDirector, 'POST', path, { action: 'start_triage' });
    const advised = await api.api.call(processDirector, 'POST', path, {
      action: 'advise_registrant',
    });
    expect(advised.body).toMatchObject({ phase: 'closed', triageDecision: 'advised_registrant' });
  });

  it('manages participants and persons, and never returns the national identifier', async () => {
    const { registrant, processDirector, participant } = cast(api.holders);
    const client = api.api;
    const id = (await client.call(registrant, 'POST', '/v1/cases', REGISTRATION)).body.id;
    await client.call(processDirector, 'POST', `/v1/cases/${id}/transitions`, {
      action: 'start_triage',
    });

    const added = await client.call(processDirector, 'POST', `/v1/cases/${id}/participants`, {
      organisation: 'sgb',
      user: participant.user,
      role: 'case_participant',
    });
    expect(added.status).toBe(201);
    expect((await client.call(participant, 'GET', `/v1/cases/${id}`)).status).toBe(200);

    const person = await client.call(registrant, 'POST', `/v1/cases/${id}/persons`, {
      nationalId: `${NATIONAL_ID.slice(0, 3)}.${NATIONAL_ID.slice(3)}`,
      ageBand: '13-17',
      gender: 'female',
    });
    expect(person.status).toBe(201);
    expect(Object.keys(person.body).sort()).toEqual(['ageBand', 'gender', 'id', 'turns16In']);
    const twice = await client.call(registrant, 'POST', `/v1/cases/${id}/persons`, {
      nationalId: NATIONAL_ID,
      ageBand: '13-17',
      gender: 'female',
    });
    expect(twice.body).toMatchObject({ status: 409, code: 'RECORD_CONFLICT' });
    const persons = await client.call(participant, 'GET', `/v1/cases/${id}/persons`);
    expect(persons.body).toEqual([
      { id: person.body.id, ageBand: '13-17', turns16In: null, gender: 'female' },
    ]);

    const bad = await client.call(registrant, 'POST', `/v1/cases/${id}/persons`, {
      nationalId: 'x',
      ageBand: '13-17',
      gender: 'female',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'REQUEST_INVALID' });

    const removed = await client.call(
      processDirector,
      'DELETE',
      `/v1/cases/${id}/participants/${added.body.id}`,
    );
    expect(removed.status).toBe(204);
    const gone = await client.call(participant, 'GET', `/v1/cases/${id}`);
    expect(gone.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    const logged = api.broker.logLines.join('');
    for (const text of [logged, person.text, persons.text, twice.text, bad.text]) {
      expect(text).not.toContain(NATIONAL_ID);
    }
  });

  it('answers an invalid body with REQUEST_INVALID listing every issue', async () => {
    const { registrant } = cast(api.holders);
    const response = await api.api.call(registrant, 'POST', '/v1/cases', {
      caseType: 'burglary',
      lifeDomains: [],
      criteria: {},
      extra: true,
    });
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code: 'REQUEST_INVALID', status: 400 });
    const issues: string[] = response.body.issues;
    expect(issues.some((issue) => issue.startsWith('caseType:'))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('lifeDomains:'))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('criteria.multiple_life_domains:'))).toBe(true);
    expect(issues.some((issue) => issue.includes('extra'))).toBe(true);

    const malformed = await api.api.call(registrant, 'POST', '/v1/cases', undefined);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'REQUEST_INVALID' });
  });
});
