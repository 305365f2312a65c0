import { expect, it } from 'vitest';
import { useApi } from '../../support/api-fixture.ts';
import { monitoredCase } from '../../support/case-setup.ts';
import { cast } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

describeOnEveryDatabase('the shadow-list review', (ctx) => {
  const api = useApi(ctx);

  it('makes a case due six months after it went on the shadow list, lists it for the process director until it is reviewed, and flags it a month late', async () => {
    const people = cast(api.holders);
    const { processDirector, participant } = people;
    const client = api.api;
    const transition = async (id: string, action: string, extra: object = {}) => {
      const response = await client.call(processDirector, 'POST', `/v1/cases/${id}/transitions`, {
        action,
        ...extra,
      });
      expect(response.status, response.text).toBe(200);
      return response.body;
    };
    const dueList = async () => {
      const response = await client.call(processDirector, 'GET', '/v1/cases?reviewDue=true');
      expect(response.status, response.text).toBe(200);
      return response.body.cases.map((c: { id: string; reviewOverdue: boolean }) => ({
        id: c.id,
        reviewOverdue: c.reviewOverdue,
      }));
    };

    const first = (await monitoredCase(client, people)).caseId;
    const stable = await transition(first, 'move_to_shadow_list');
    expect(stable).toMatchObject({
      shadowReviewAt: '2026-09-02T09:00:00.000Z',
      reviewDue: false,
      reviewOverdue: false,
    });
    ctx.clock.set('2026-04-02T09:00:00.000Z');
    const second = (await monitoredCase(client, people)).caseId;
    await transition(second, 'move_to_shadow_list');

    ctx.clock.set('2026-09-02T08:59:59.999Z');
    expect(await dueList()).toEqual([]);

    ctx.clock.set('2026-09-02T09:00:00.000Z');
    expect(await dueList()).toEqual([{ id: first, reviewOverdue: false }]);
    const read = await client.call(participant, 'GET', `/v1/cases/${first}`);
    expect(read.body).toMatchObject({ reviewDue: true, reviewOverdue: false });
    const progress = await client.call(participant, 'GET', `/v1/cases/${first}/progress`);
    expect(progress.body).toMatchObject({ phase: 'shadow_list', reviewDue: true });

    ctx.clock.set('2026-10-02T09:00:00.000Z');
    expect(await dueList()).toEqual([
      { id: second, reviewOverdue: false },
      { id: first, reviewOverdue: true },
    ]);
    const notDue = await client.call(processDirector, 'GET', '/v1/cases?reviewDue=false');
    expect(notDue.body.cases).toEqual([]);

    const closed = await transition(first, 'close', { outcome: 'positive_with_involvement' });
    expect(closed).toMatchObject({ phase: 'closed', reviewDue: false, shadowReviewAt: null });
    expect(await dueList()).toEqual([{ id: second, reviewOverdue: false }]);
    const returned = await transition(second, 'return_to_case_meeting');
    expect(returned).toMatchObject({ phase: 'case_meeting', reviewDue: false });
    expect(await dueList()).toEqual([]);
  });
});
