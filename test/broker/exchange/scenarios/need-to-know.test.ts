import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../support/api-client.ts';
import { DAUGHTER, hoursAgo, withoutInstance } from '../../../support/scenario.ts';
import { useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

const involvementFromYouthCare = {
  purpose: 'case_meeting',
  categories: ['case_involvement'],
  providers: ['jeugdzorg-cn'],
};

describe('rule 4, need-to-know: only the cases a partner takes part in, only what its role and domain need', () => {
  it('answers a partner outside the case exactly as a case that does not exist, gives a colleague of a participant nothing, and records nothing', async () => {
    const scenario = await network.open();
    const { outsider, participant } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'krusada');
    // A colleague of a participating partner sees the case (membership is per organisation,
    // broker/store/visible-cases.ts) but receives nothing until she is added to it herself.
    const colleague: Caller = { ...participant, user: 'mentor-9', role: 'case_director' };
    const releasedBefore = (await scenario.released('jeugdzorg-cn')).length;

    const nonexistent = await scenario.pull(
      outsider,
      { caseId: randomUUID(), personId: theCase.personId },
      involvementFromYouthCare,
    );
    expect(nonexistent.status).toBe(404);
    const response = await scenario.pull(outsider, theCase, involvementFromYouthCare);
    expect(response.status).toBe(404);
    expect(response.contentType).toBe(nonexistent.contentType);
    expect(withoutInstance(response.body)).toEqual(withoutInstance(nonexistent.body));
    for (const secret of [theCase.caseId, theCase.personId, DAUGHTER.nationalId, 'jeugdzorg']) {
      expect(response.text).not.toContain(secret);
    }
    const read = await scenario.api.call(outsider, 'GET', `/v1/cases/${theCase.caseId}`);
    expect([read.status, read.body.code]).toEqual([404, 'NOT_FOUND']);

    const byColleague = await scenario.pull(colleague, theCase, involvementFromYouthCare);
    expect([byColleague.status, byColleague.body.code]).toEqual([403, 'CASE_ROLE_REQUIRED']);
    for (const secret of [theCase.personId, DAUGHTER.nationalId, 'jeugdzorg']) {
      expect(byColleague.text).not.toContain(secret);
    }
    const seen = await scenario.api.call(colleague, 'GET', `/v1/cases/${theCase.caseId}`);
    expect(seen.status).toBe(200);
    expect(await scenario.entries()).toEqual([]);
    expect(await scenario.released('jeugdzorg-cn')).toHaveLength(releasedBefore);
  });

  it('gives a participant removed from the case nothing from then on, and no longer asks it', async () => {
    const scenario = await network.open();
    const { participant, processDirector, caseDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER, hoursAgo(2));
    await scenario.consent(theCase, 'sgb');
    await scenario.consent(theCase, 'jeugdzorg-cn');

    const before = await scenario.results(participant, theCase, involvementFromYouthCare);
    expect(before).toMatchObject([{ provider: 'jeugdzorg-cn', status: 'data' }]);

    scenario.recordAt(hoursAgo(1));
    const listed = await scenario.api.call(
      processDirector,
      'GET',
      `/v1/cases/${theCase.caseId}/participants`,
    );
    const school = listed.body.find((p: { organisation: string }) => p.organisation === 'sgb');
    const removed = await scenario.api.call(
      processDirector,
      'DELETE',
      `/v1/cases/${theCase.caseId}/participants/${school.id}`,
    );
    expect(removed.status).toBe(204);

    const after = await scenario.pull(participant, theCase, involvementFromYouthCare);
    expect([after.status, after.body.code]).toEqual([404, 'NOT_FOUND']);
    const attendance = { purpose: 'case_meeting', categories: ['school_attendance'] };
    expect(
      (await scenario.results(caseDirector, theCase, attendance)).map((r) => r.provider),
    ).toEqual(['mhc', 'politie-cn']);
    // Being asked would tell the school that the daughter is still discussed in a case.
    expect(
      await scenario.results(caseDirector, theCase, { ...attendance, providers: ['sgb'] }),
    ).toEqual([
      { provider: 'sgb', status: 'denied', reasons: ['NOT_CASE_PARTICIPANT'], withheld: {} },
    ]);
    const entries = await scenario.entries();
    // Neither of the two left holds school attendance (PROVIDER_DOMAIN_NOT_PERMITTED).
    expect(entries.map((e) => [e.requester, e.provider, e.decision])).toEqual([
      ['sgb', 'jeugdzorg-cn', 'allow'],
      ['jeugdzorg-cn', 'mhc', 'deny'],
      ['jeugdzorg-cn', 'politie-cn', 'deny'],
      ['jeugdzorg-cn', 'sgb', 'deny'],
    ]);
    expect(await scenario.released('sgb', entries[3]?.exchangeId)).toEqual([]);
  });

  it('decides on the role the case gave the caller, not the role the caller claims', async () => {
    const scenario = await network.open();
    const { privacyOfficer, participant } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'mhc');
    await scenario.consent(theCase, 'sgb');

    const claimingMore: Caller = { ...privacyOfficer, role: 'case_director' };
    expect(await scenario.results(claimingMore, theCase, involvementFromYouthCare)).toEqual([
      { provider: 'jeugdzorg-cn', status: 'denied', reasons: ['ROLE_NOT_PERMITTED'], withheld: {} },
    ]);
    expect(await scenario.results(participant, theCase, involvementFromYouthCare)).toMatchObject([
      { provider: 'jeugdzorg-cn', status: 'data' },
    ]);
    expect((await scenario.entries()).map((e) => [e.requester, e.decision, e.reasons])).toEqual([
      ['mhc', 'deny', ['ROLE_NOT_PERMITTED']],
      ['sgb', 'allow', []],
    ]);
  });

  it('denies a school the police incidents, and tells it why they are missing beside what it may have', async () => {
    const scenario = await network.open();
    const { participant } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'sgb');
    const noBasis = ['DOMAIN_NOT_PERMITTED', 'SPECIAL_CATEGORY_NO_BASIS'];

    expect(
      await scenario.results(participant, theCase, {
        purpose: 'case_meeting',
        categories: ['police_incidents'],
        providers: ['politie-cn'],
      }),
    ).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: noBasis,
        withheld: { police_incidents: noBasis },
      },
    ]);
    const mixed = await scenario.results(participant, theCase, {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'case_involvement'],
      providers: ['politie-cn', 'jeugdzorg-cn'],
    });
    expect(mixed).toMatchObject([
      { provider: 'politie-cn', status: 'data', data: {}, withheld: { police_incidents: noBasis } },
      {
        provider: 'jeugdzorg-cn',
        status: 'data',
        // Youth care does not hold police incidents either: the police do.
        withheld: {
          police_incidents: [
            'DOMAIN_NOT_PERMITTED',
            'PROVIDER_DOMAIN_NOT_PERMITTED',
            'SPECIAL_CATEGORY_NO_BASIS',
          ],
        },
      },
    ]);
    if (mixed[1]?.status !== 'data') throw new Error('youth care gave no data');
    expect(Object.keys(mixed[1].data)).toEqual(['case_involvement']);

    const [denied, ...partly] = await scenario.entries();
    expect(denied).toMatchObject({
      requester: 'sgb',
      decision: 'deny',
      reasons: noBasis,
      fields: [],
    });
    expect(await scenario.released('politie-cn', denied?.exchangeId)).toEqual([]);
    expect(partly.map((e) => [e.provider, e.decision, e.categories, e.reasons])).toEqual([
      [
        'jeugdzorg-cn',
        'allow',
        ['case_involvement'],
        ['DOMAIN_NOT_PERMITTED', 'PROVIDER_DOMAIN_NOT_PERMITTED', 'SPECIAL_CATEGORY_NO_BASIS'],
      ],
      ['politie-cn', 'allow', [], noBasis],
    ]);
    for (const entry of partly) {
      expect(entry.fields.filter((field) => field.startsWith('police_incidents.'))).toEqual([]);
    }
  });
});
