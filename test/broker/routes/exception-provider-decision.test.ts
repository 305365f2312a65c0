import { expect, it } from 'vitest';
import { useApi } from '../../support/api-fixture.ts';
import { type MonitoredCase, monitoredCase } from '../../support/case-setup.ts';
import { cast, outsider } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

const DAY_MS = 86_400_000;

describeOnEveryDatabase("a provider's decision about a legal-ground exception", (ctx) => {
  const api = useApi(ctx);
  const people = () => cast(api.holders);

  /** Youth care may receive the police's incidents without consent, for a month. */
  async function exception(theCase: MonitoredCase): Promise<string> {
    const approved = await api.api.call(
      people().processDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/exceptions`,
      {
        recipient: 'jeugdzorg-cn',
        categories: ['police_incidents'],
        reason: 'danger_to_those_involved',
        justification: 'Telling the father would endanger the child.',
        expiresAt: new Date(ctx.clock.now().getTime() + 30 * DAY_MS).toISOString(),
      },
    );
    expect(approved.status, approved.text).toBe(201);
    expect(approved.body.providerDecisions).toEqual([]);
    return approved.body.id;
  }

  const decisionPath = (theCase: MonitoredCase, id: string) =>
    `/v1/cases/${theCase.caseId}/exceptions/${id}/provider-decision`;

  it("records the provider's approval once and lists it with the exception", async () => {
    const { registrant, caseDirector } = people();
    const theCase = await monitoredCase(api.api, people());
    const id = await exception(theCase);
    const path = decisionPath(theCase, id);

    const approved = await api.api.call(registrant, 'POST', path, {
      decision: 'approved',
      reason: 'The incidents are needed to keep the child safe.',
    });
    expect(approved.status, approved.text).toBe(201);
    const decision = {
      provider: 'politie-cn',
      decision: 'approved',
      reason: 'The incidents are needed to keep the child safe.',
      decidedBy: { organisation: 'politie-cn', user: registrant.user },
      decidedAt: ctx.clock.now().toISOString(),
    };
    expect(approved.body).toMatchObject({ id, providerDecisions: [decision] });
    const list = await api.api.call(
      caseDirector,
      'GET',
      `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/exceptions`,
    );
    expect(list.body).toEqual([approved.body]);

    const again = await api.api.call(registrant, 'POST', path, {
      decision: 'refused',
      reason: 'Changed our mind.',
    });
    expect(again.body).toMatchObject({ status: 409, code: 'RECORD_CONFLICT' });
  });

  it('refuses the recipient, an organisation outside the case and a revoked exception', async () => {
    const { registrant, caseDirector, processDirector } = people();
    const theCase = await monitoredCase(api.api, people());
    const id = await exception(theCase);
    const body = { decision: 'approved', reason: 'Fine by us.' };

    const byRecipient = await api.api.call(caseDirector, 'POST', decisionPath(theCase, id), body);
    expect(byRecipient.body).toMatchObject({ status: 403, code: 'CASE_ROLE_REQUIRED' });
    const byApprover = await api.api.call(processDirector, 'POST', decisionPath(theCase, id), body);
    expect(byApprover.body).toMatchObject({ status: 403, code: 'CASE_ROLE_REQUIRED' });
    const byOutsider = await api.api.call(
      outsider(api.holders),
      'POST',
      decisionPath(theCase, id),
      body,
    );
    expect(byOutsider.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    const revoked = await api.api.call(
      processDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/exceptions/${id}/revocation`,
    );
    expect(revoked.status, revoked.text).toBe(204);
    const late = await api.api.call(registrant, 'POST', decisionPath(theCase, id), body);
    expect(late.body).toMatchObject({ status: 409, code: 'RECORD_CONFLICT' });
  });

  it('answers a malformed decision with 400 problem+json naming the rules it breaks', async () => {
    const theCase = await monitoredCase(api.api, people());
    const id = await exception(theCase);
    const bad = await api.api.call(people().registrant, 'POST', decisionPath(theCase, id), {
      decision: 'maybe',
      reason: ' ',
      expiresAt: '2026-06-01T00:00:00.000Z',
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toBe('application/problem+json');
    expect(bad.body).toMatchObject({ code: 'REQUEST_INVALID' });
    expect(bad.body.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^decision: /),
        expect.stringMatching(/^reason: /),
        expect.stringMatching(/^\(root\): .*expiresAt/),
      ]),
    );
  });
});
