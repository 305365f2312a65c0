import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { useApi } from '../../support/api-fixture.ts';
import { NATIONAL_ID } from '../../support/case-fixtures.ts';
import { monitoredCase } from '../../support/case-setup.ts';
import { caller, cast } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

describeOnEveryDatabase('the joint plan and its progress', (ctx) => {
  const api = useApi(ctx);

  it('keeps the actions of the case meetings, lets the carrier set its status, lists the overdue ones and shows the progress', async () => {
    const people = cast(api.holders);
    const { processDirector, caseDirector, participant, registrant } = people;
    const client = api.api;
    const { caseId, personId } = await monitoredCase(client, people);
    const actions = `/v1/cases/${caseId}/actions`;
    const agree = async (who: typeof caseDirector, body: object) => {
      const response = await client.call(who, 'POST', actions, body);
      expect(response.status, response.text).toBe(201);
      return response.body;
    };

    const intake = await agree(caseDirector, {
      organisation: 'sgb',
      description: 'Arrange a school intake',
      dueOn: '2026-03-10',
    });
    expect(intake).toMatchObject({
      organisation: 'sgb',
      meetingOn: '2026-03-02',
      status: 'agreed',
      overdue: false,
    });
    const visit = await agree(processDirector, {
      organisation: 'politie-cn',
      description: 'Visit with the neighbourhood officer',
      dueOn: '2026-04-01',
      meetingOn: '2026-03-02',
    });
    ctx.clock.set('2026-03-16T10:00:00.000Z');
    const support = await agree(caseDirector, {
      organisation: 'jeugdzorg-cn',
      description: 'Start parenting support',
      dueOn: '2026-03-20',
    });

    const refused = async (who: typeof caseDirector, method: string, path: string, body: object) =>
      (await client.call(who, method, path, body)).body.code;
    expect(
      await refused(caseDirector, 'POST', actions, {
        organisation: 'krusada',
        description: 'Not a participant',
        dueOn: '2026-04-01',
      }),
    ).toBe('CASE_PARTICIPANT_REQUIRED');
    for (const body of [
      { organisation: 'sgb', description: 'x'.repeat(281), dueOn: '2026-04-01' },
      { organisation: 'sgb', description: '   ', dueOn: '2026-04-01' },
      { organisation: 'sgb', description: 'Later', dueOn: '2026-04-01', meetingOn: '17 March' },
      { organisation: 'sgb', description: 'Never', dueOn: '1 April' },
    ]) {
      expect(await refused(caseDirector, 'POST', actions, body)).toBe('REQUEST_INVALID');
    }
    expect(await refused(participant, 'POST', actions, intake)).toBe('REQUEST_INVALID');
    expect(
      await refused(participant, 'POST', actions, {
        organisation: 'sgb',
        description: 'Our own action',
        dueOn: '2026-04-01',
      }),
    ).toBe('CASE_ROLE_REQUIRED');

    // The carrying organisation, any of its employees, sets the status, and only that.
    const colleague = caller(api.holders, 'sgb', 'mentor-9', 'case_participant');
    const started = await client.call(colleague, 'PATCH', `${actions}/${intake.id}`, {
      status: 'in_progress',
    });
    expect(started.status, started.text).toBe(200);
    expect(started.body).toMatchObject({
      status: 'in_progress',
      statusChangedAt: '2026-03-16T10:00:00.000Z',
    });
    expect(
      await refused(participant, 'PATCH', `${actions}/${intake.id}`, { dueOn: '2026-05-01' }),
    ).toBe('CASE_ROLE_REQUIRED');
    expect(await refused(registrant, 'PATCH', `${actions}/${intake.id}`, { status: 'done' })).toBe(
      'CASE_ROLE_REQUIRED',
    );
    expect(await refused(caseDirector, 'PATCH', `${actions}/${intake.id}`, {})).toBe(
      'REQUEST_INVALID',
    );
    const missing = await client.call(caseDirector, 'PATCH', `${actions}/${randomUUID()}`, {
      status: 'done',
    });
    expect(missing.status).toBe(404);

    ctx.clock.set('2026-03-21T08:00:00.000Z');
    const overdue = async () =>
      (await client.call(caseDirector, 'GET', `${actions}?overdue=true`)).body.map(
        (a: { id: string }) => a.id,
      );
    expect(await overdue()).toEqual([intake.id, support.id]);
    const done = await client.call(participant, 'PATCH', `${actions}/${intake.id}`, {
      status: 'done',
    });
    expect(done.body).toMatchObject({ status: 'done', overdue: false });
    expect(await overdue()).toEqual([support.id]);
    const rescheduled = await client.call(caseDirector, 'PATCH', `${actions}/${support.id}`, {
      dueOn: '2026-04-15',
      description: 'Start parenting support at home',
    });
    expect(rescheduled.body).toMatchObject({ dueOn: '2026-04-15', overdue: false });
    expect(await overdue()).toEqual([]);
    const plan = await client.call(participant, 'GET', actions);
    expect(plan.body.map((a: { id: string }) => a.id)).toEqual([intake.id, visit.id, support.id]);

    const progress = await client.call(participant, 'GET', `/v1/cases/${caseId}/progress`);
    expect(progress.status, progress.text).toBe(200);
    expect(progress.body).toMatchObject({
      caseId,
      phase: 'monitoring',
      phases: ['registration', 'triage', 'case_meeting', 'monitoring'].map((phase) => ({
        phase,
      })),
      meetings: [
        { on: '2026-03-02', actionIds: [intake.id, visit.id] },
        { on: '2026-03-16', actionIds: [support.id] },
      ],
    });
    expect(
      progress.body.actions.map((a: { id: string; status: string }) => [a.id, a.status]),
    ).toEqual([
      [intake.id, 'done'],
      [visit.id, 'agreed'],
      [support.id, 'agreed'],
    ]);
    for (const secret of [personId, NATIONAL_ID]) expect(progress.text).not.toContain(secret);

    const events = await ctx.store.events.forCase('bonaire', caseId);
    const planEvents = events.filter((e) => e.type.startsWith('case.action_'));
    expect(planEvents.map((e) => [e.type, e.actor.organisation])).toEqual([
      ['case.action_agreed', 'jeugdzorg-cn'],
      ['case.action_agreed', 'zvh-bonaire'],
      ['case.action_agreed', 'jeugdzorg-cn'],
      ['case.action_updated', 'sgb'],
      ['case.action_updated', 'sgb'],
      ['case.action_updated', 'jeugdzorg-cn'],
    ]);
    expect(planEvents[4]?.details).toMatchObject({
      action_id: intake.id,
      status: 'done',
      previous_status: 'in_progress',
    });
    const trail = JSON.stringify(planEvents);
    expect(trail).not.toContain('school intake');
    expect(trail).not.toContain('parenting support');

    await client.call(processDirector, 'POST', `/v1/cases/${caseId}/transitions`, {
      action: 'close',
      outcome: 'positive_with_involvement',
    });
    expect(
      await refused(caseDirector, 'POST', actions, {
        organisation: 'sgb',
        description: 'Too late',
        dueOn: '2026-04-01',
      }),
    ).toBe('RECORD_CONFLICT');
    expect((await client.call(participant, 'GET', actions)).body).toHaveLength(3);
  });

  it('answers a caller outside the case as for a case that does not exist', async () => {
    const people = cast(api.holders);
    const { caseId } = await monitoredCase(api.api, people);
    const outsider = caller(api.holders, 'krusada', 'k-1', 'case_director');
    for (const path of [`/v1/cases/${caseId}/actions`, `/v1/cases/${caseId}/progress`]) {
      const response = await api.api.call(outsider, 'GET', path);
      expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });
});
