import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ApiResponse } from '../../support/api-client.ts';
import { useApi } from '../../support/api-fixture.ts';
import { NATIONAL_ID } from '../../support/case-fixtures.ts';
import { type MonitoredCase, monitoredCase } from '../../support/case-setup.ts';
import { cast } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { receivedPull } from '../../support/received-exchange.ts';

describeOnEveryDatabase('a formal request names exchanges the requester received', (ctx) => {
  const api = useApi(ctx);

  /** Youth care (the case director) pulled the police's reports about the person. */
  async function caseWithPull(): Promise<MonitoredCase & { exchangeId: string }> {
    const people = cast(api.holders);
    const theCase = await monitoredCase(api.api, people);
    const exchangeId = await receivedPull(ctx.store, {
      caseId: theCase.caseId,
      personPseudonym: ctx.store.persons.pseudonymOf(NATIONAL_ID),
      requester: people.caseDirector,
      provider: 'politie-cn',
      categories: ['police_reports', 'police_incidents'],
      released: ['police_reports'],
    });
    return { ...theCase, exchangeId };
  }

  function request(
    { caseId, personId }: MonitoredCase,
    change: Record<string, unknown>,
  ): Promise<ApiResponse> {
    return api.api.call(
      cast(api.holders).caseDirector,
      'POST',
      `/v1/cases/${caseId}/persons/${personId}/formal-requests`,
      {
        provider: 'politie-cn',
        purpose: 'child_protection_investigation',
        categories: ['police_reports'],
        justification: 'The guardianship council needs the reports for its investigation.',
        ...change,
      },
    );
  }

  const notReceived = { status: 422, code: 'EXCHANGE_NOT_RECEIVED' };

  it('accepts a request that names the pull in which the requester received the categories', async () => {
    const theCase = await caseWithPull();
    const created = await request(theCase, { exchangeIds: [theCase.exchangeId] });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      requester: 'jeugdzorg-cn',
      provider: 'politie-cn',
      exchangeIds: [theCase.exchangeId],
      status: 'pending',
    });
  });

  it('refuses an exchange id the trail does not know, without saying whose it might be', async () => {
    const theCase = await caseWithPull();
    const unknown = randomUUID();
    const refused = await request(theCase, { exchangeIds: [theCase.exchangeId, unknown] });
    expect(refused.body).toMatchObject({
      ...notReceived,
      detail: `exchange ${unknown} released none of the requested categories from politie-cn to jeugdzorg-cn about this person in this case`,
    });
  });

  it('refuses an exchange another organisation received', async () => {
    const theCase = await caseWithPull();
    const schools = await receivedPull(ctx.store, {
      caseId: theCase.caseId,
      personPseudonym: ctx.store.persons.pseudonymOf(NATIONAL_ID),
      requester: cast(api.holders).participant,
      provider: 'politie-cn',
      categories: ['police_reports'],
    });
    expect((await request(theCase, { exchangeIds: [schools] })).body).toMatchObject(notReceived);
  });

  it('refuses an exchange from another provider than the one asked', async () => {
    const theCase = await caseWithPull();
    const refused = await request(theCase, { provider: 'sgb', exchangeIds: [theCase.exchangeId] });
    expect(refused.body).toMatchObject(notReceived);
  });

  it('refuses a category the named exchange did not release, and one it withheld', async () => {
    const theCase = await caseWithPull();
    const withheld = await request(theCase, {
      categories: ['police_reports', 'police_incidents'],
      exchangeIds: [theCase.exchangeId],
    });
    expect(withheld.body).toMatchObject({
      ...notReceived,
      detail: 'the named exchanges released no police_incidents from politie-cn to jeugdzorg-cn',
    });
    const other = await request(theCase, {
      categories: ['school_attendance'],
      exchangeIds: [theCase.exchangeId],
    });
    expect(other.body).toMatchObject(notReceived);
  });

  it('refuses an exchange of another case, and a denied pull', async () => {
    const theCase = await caseWithPull();
    const elsewhere = await caseWithPull();
    expect((await request(theCase, { exchangeIds: [elsewhere.exchangeId] })).body).toMatchObject(
      notReceived,
    );
    const denied = await receivedPull(ctx.store, {
      caseId: theCase.caseId,
      personPseudonym: ctx.store.persons.pseudonymOf(NATIONAL_ID),
      requester: cast(api.holders).caseDirector,
      provider: 'politie-cn',
      categories: ['police_reports'],
      released: [],
    });
    expect((await request(theCase, { exchangeIds: [denied] })).body).toMatchObject(notReceived);
  });

  it('accepts a push delivered to the requester about the case, not one still queued', async () => {
    const theCase = await caseWithPull();
    const push = (type: 'exchange.push' | 'exchange.push.delivered', exchangeId: string) =>
      ctx.store.audit.append({
        type,
        network: 'bonaire',
        requester: { organisation: 'sgb', user: 'mentor-2', role: 'case_participant' },
        provider: 'sgb',
        recipient: 'jeugdzorg-cn',
        caseId: theCase.caseId,
        purpose: 'case_meeting',
        requestedCategories: ['school_attendance'],
        categories: ['school_attendance'],
        decision: 'allow',
        exchangeId,
      });
    const delivered = randomUUID();
    await push('exchange.push', delivered);
    await push('exchange.push.delivered', delivered);
    const queued = randomUUID();
    await push('exchange.push', queued);
    const school = { provider: 'sgb', categories: ['school_attendance'] };
    const refused = await request(theCase, { ...school, exchangeIds: [queued] });
    expect(refused.body).toMatchObject(notReceived);
    const created = await request(theCase, { ...school, exchangeIds: [delivered] });
    expect(created.status, created.text).toBe(201);
  });

  it('refuses exchange ids that are not ids, too many, or named twice, as invalid', async () => {
    const theCase = await caseWithPull();
    for (const exchangeIds of [
      ['no-such-exchange'],
      [],
      Array.from({ length: 21 }, () => randomUUID()),
      [theCase.exchangeId, theCase.exchangeId],
    ]) {
      const refused = await request(theCase, { exchangeIds });
      expect(refused.body, JSON.stringify(exchangeIds)).toMatchObject({
        status: 400,
        code: 'REQUEST_INVALID',
      });
    }
  });
});
