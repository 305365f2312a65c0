import { describe, expect, it } from 'vitest';
import { DAUGHTER, daysAgo, daysFromNow, hoursAgo } from '../../../support/scenario.ts';
import { useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

const INCIDENT_FIELDS = ['incident_date', 'incident_type', 'role_in_incident'];
const incidentsFromPolice = {
  purpose: 'case_meeting',
  categories: ['police_incidents'],
  providers: ['politie-cn'],
};

describe('rule 2, consent: per recipient and category, withdrawable, or a legal ground', () => {
  it("refuses a child's own consent and takes her legal representative's (issue 14, what-to-build 9)", async () => {
    const scenario = await network.open();
    const { caseDirector } = scenario.people;
    // The scenario registers the daughter in the band 4-12: under 16.
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'jeugdzorg-cn', null, 'person');

    expect(await scenario.results(caseDirector, theCase, incidentsFromPolice)).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['CONSENT_GIVEN_UNDER_AGE'],
        withheld: { police_incidents: ['CONSENT_GIVEN_UNDER_AGE'] },
      },
    ]);
    await scenario.consent(theCase, 'jeugdzorg-cn', null, 'legal_representative');
    expect(await scenario.results(caseDirector, theCase, incidentsFromPolice)).toMatchObject([
      { provider: 'politie-cn', status: 'data' },
    ]);
    const [refused] = await scenario.entries();
    expect(await scenario.released('politie-cn', refused?.exchangeId)).toEqual([]);
  });

  it('stops the police answering youth care a second after the consent was withdrawn, while the school still answers on its own consent', async () => {
    const scenario = await network.open();
    const { caseDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    const forIncidents = await scenario.consent(theCase, 'jeugdzorg-cn', ['police_incidents']);
    const forAttendance = await scenario.consent(theCase, 'jeugdzorg-cn', ['school_attendance']);

    const before = await scenario.results(caseDirector, theCase, incidentsFromPolice);
    expect(before).toMatchObject([{ provider: 'politie-cn', status: 'data' }]);

    scenario.recordAt(new Date(Date.now() - 1000));
    await scenario.withdrawConsent(theCase, forIncidents);

    const after = await scenario.results(caseDirector, theCase, incidentsFromPolice);
    expect(after).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['CONSENT_WITHDRAWN'],
        withheld: { police_incidents: ['CONSENT_WITHDRAWN'] },
      },
    ]);
    const school = await scenario.results(caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['school_attendance'],
      providers: ['sgb'],
    });
    expect(school).toMatchObject([{ provider: 'sgb', status: 'data' }]);

    const [allowed, denied, fromSchool] = await scenario.entries();
    expect(allowed).toMatchObject({
      provider: 'politie-cn',
      decision: 'allow',
      grounds: { police_incidents: { type: 'consent', id: forIncidents } },
    });
    expect(denied).toMatchObject({
      provider: 'politie-cn',
      decision: 'deny',
      reasons: ['CONSENT_WITHDRAWN'],
      fields: [],
      payloadSha256: null,
    });
    expect(await scenario.released('politie-cn', denied?.exchangeId)).toEqual([]);
    expect(fromSchool).toMatchObject({
      provider: 'sgb',
      decision: 'allow',
      grounds: { school_attendance: { type: 'consent', id: forAttendance } },
    });
  });

  it('denies a recipient without any consent, and the adapter is never asked', async () => {
    const scenario = await network.open();
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'sgb');

    const results = await scenario.results(
      scenario.people.caseDirector,
      theCase,
      incidentsFromPolice,
    );

    expect(results).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['CONSENT_MISSING'],
        withheld: { police_incidents: ['CONSENT_MISSING'] },
      },
    ]);
    const [entry] = await scenario.entries();
    expect(entry).toMatchObject({ requester: 'jeugdzorg-cn', decision: 'deny', grounds: {} });
    expect(await scenario.released('politie-cn', entry?.exchangeId)).toEqual([]);
  });

  it('lets an objection against one category beat a consent for every category', async () => {
    const scenario = await network.open();
    const { caseDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'jeugdzorg-cn');
    await scenario.objection(theCase, 'jeugdzorg-cn', ['police_incidents']);

    expect(await scenario.results(caseDirector, theCase, incidentsFromPolice)).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['CONSENT_OBJECTED'],
        withheld: { police_incidents: ['CONSENT_OBJECTED'] },
      },
    ]);
    expect(
      await scenario.results(caseDirector, theCase, {
        purpose: 'case_meeting',
        categories: ['school_attendance'],
        providers: ['sgb'],
      }),
    ).toMatchObject([{ provider: 'sgb', status: 'data' }]);
    expect((await scenario.entries()).map((e) => [e.decision, e.reasons])).toEqual([
      ['deny', ['CONSENT_OBJECTED']],
      ['allow', []],
    ]);
  });

  it('shares without consent, even against an objection, on a legal ground the process director approved, for its categories only', async () => {
    const scenario = await network.open();
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.objection(theCase, 'jeugdzorg-cn');
    const exception = await scenario.policeException(
      theCase,
      'jeugdzorg-cn',
      ['police_incidents'],
      daysFromNow(7),
    );

    const results = await scenario.results(scenario.people.caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'police_reports'],
      providers: ['politie-cn'],
    });

    expect(results).toHaveLength(1);
    const [result] = results;
    if (result?.status !== 'data') throw new Error(`expected data, got ${JSON.stringify(result)}`);
    expect(Object.keys(result.data)).toEqual(['police_incidents']);
    expect(result.withheld).toEqual({ police_reports: ['CONSENT_OBJECTED'] });
    for (const record of result.data.police_incidents ?? []) {
      expect(Object.keys(record).sort()).toEqual(INCIDENT_FIELDS);
    }
    const [entry] = await scenario.entries();
    expect(entry).toMatchObject({
      decision: 'allow',
      categories: ['police_incidents'],
      reasons: ['CONSENT_OBJECTED'],
      grounds: { police_incidents: { type: 'exception', id: exception } },
      fields: INCIDENT_FIELDS.map((field) => `police_incidents.${field}`),
    });
    expect(Object.keys(entry?.grounds ?? {})).toEqual(['police_incidents']);
  });

  it('lets an unreachable person stand in for consent, never for an objection; an objection after a legal obligation suspends it, not after danger', async () => {
    const scenario = await network.open();
    const { caseDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER, hoursAgo(3));
    scenario.recordAt(hoursAgo(2));
    await scenario.policeException(
      theCase,
      'jeugdzorg-cn',
      ['police_incidents'],
      daysFromNow(7),
      'person_unreachable',
    );
    const unreachable = await scenario.results(caseDirector, theCase, incidentsFromPolice);
    expect(unreachable).toMatchObject([{ provider: 'politie-cn', status: 'data' }]);

    scenario.recordAt(hoursAgo(1));
    await scenario.objection(theCase, 'jeugdzorg-cn');
    expect(await scenario.results(caseDirector, theCase, incidentsFromPolice)).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['EXCEPTION_REASON_CANNOT_OVERRIDE'],
        withheld: { police_incidents: ['EXCEPTION_REASON_CANNOT_OVERRIDE'] },
      },
    ]);

    // Approved after the objection, a legal obligation overrides it.
    scenario.recordAt(new Date(Date.now() - 30 * 60_000));
    await scenario.policeException(
      theCase,
      'jeugdzorg-cn',
      ['police_incidents'],
      daysFromNow(7),
      'legal_obligation',
    );
    expect(await scenario.results(caseDirector, theCase, incidentsFromPolice)).toMatchObject([
      { provider: 'politie-cn', status: 'data' },
    ]);
    const reasons = (await scenario.entries()).map((e) => [e.decision, e.reasons]);
    expect(reasons).toEqual([
      ['allow', []],
      ['deny', ['EXCEPTION_REASON_CANNOT_OVERRIDE']],
      ['allow', []],
    ]);
  });

  it('suspends a legal obligation, not danger, by an objection recorded after it', async () => {
    const scenario = await network.open();
    const { caseDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER, hoursAgo(3));
    scenario.recordAt(hoursAgo(2));
    await scenario.policeException(
      theCase,
      'jeugdzorg-cn',
      ['police_incidents'],
      daysFromNow(7),
      'legal_obligation',
    );
    await scenario.policeException(theCase, 'jeugdzorg-cn', ['police_reports'], daysFromNow(7));
    scenario.recordAt(hoursAgo(1));
    await scenario.objection(theCase, 'jeugdzorg-cn');

    const [result] = await scenario.results(caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'police_reports'],
      providers: ['politie-cn'],
    });
    expect(result).toMatchObject({
      provider: 'politie-cn',
      status: 'data',
      withheld: { police_incidents: ['EXCEPTION_SUSPENDED_BY_OBJECTION'] },
    });
    if (result?.status !== 'data') throw new Error('expected data');
    expect(Object.keys(result.data)).toEqual(['police_reports']);
  });

  it("carries the police's criminal data on an exception only once the police co-approved it, never after they refused (issue 14, what-to-build 1)", async () => {
    const scenario = await network.open();
    const { caseDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER, hoursAgo(3));
    scenario.recordAt(hoursAgo(2));
    await scenario.objection(theCase, 'jeugdzorg-cn');
    const incidents = await scenario.exception(
      theCase,
      'jeugdzorg-cn',
      ['police_incidents'],
      daysFromNow(7),
    );
    const reports = await scenario.exception(
      theCase,
      'jeugdzorg-cn',
      ['police_reports'],
      daysFromNow(7),
    );
    const bothFromPolice = {
      ...incidentsFromPolice,
      categories: ['police_incidents', 'police_reports'],
    };

    expect(await scenario.results(caseDirector, theCase, bothFromPolice)).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['EXCEPTION_PROVIDER_APPROVAL_MISSING', 'EXCEPTION_PROVIDER_APPROVAL_MISSING'],
        withheld: {
          police_incidents: ['EXCEPTION_PROVIDER_APPROVAL_MISSING'],
          police_reports: ['EXCEPTION_PROVIDER_APPROVAL_MISSING'],
        },
      },
    ]);
    const [missing] = await scenario.entries();
    expect(await scenario.released('politie-cn', missing?.exchangeId)).toEqual([]);

    scenario.recordAt(hoursAgo(1));
    await scenario.providerDecision(theCase, incidents, 'approved');
    await scenario.providerDecision(theCase, reports, 'refused');
    const [result] = await scenario.results(caseDirector, theCase, bothFromPolice);
    expect(result).toMatchObject({
      provider: 'politie-cn',
      status: 'data',
      withheld: { police_reports: ['EXCEPTION_PROVIDER_REFUSED'] },
    });
    if (result?.status !== 'data') throw new Error('expected data');
    expect(Object.keys(result.data)).toEqual(['police_incidents']);
    const entries = await scenario.entries();
    expect(entries.map((e) => [e.decision, e.categories, e.grounds])).toEqual([
      ['deny', [], {}],
      ['allow', ['police_incidents'], { police_incidents: { type: 'exception', id: incidents } }],
    ]);
  });

  it('denies again once the legal ground has expired', async () => {
    const scenario = await network.open();
    const theCase = await scenario.caseInMonitoring(DAUGHTER, daysAgo(3));
    scenario.recordAt(daysAgo(2));
    await scenario.exception(theCase, 'jeugdzorg-cn', ['police_incidents'], daysAgo(1));

    expect(
      await scenario.results(scenario.people.caseDirector, theCase, incidentsFromPolice),
    ).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['EXCEPTION_EXPIRED'],
        withheld: { police_incidents: ['EXCEPTION_EXPIRED'] },
      },
    ]);
    expect(await scenario.entries()).toMatchObject([{ decision: 'deny', grounds: {} }]);
  });

  it('denies once the process director has revoked the legal ground', async () => {
    const scenario = await network.open();
    const theCase = await scenario.caseInMonitoring(DAUGHTER, hoursAgo(2));
    const exception = await scenario.exception(
      theCase,
      'jeugdzorg-cn',
      ['police_incidents'],
      daysFromNow(7),
    );
    scenario.recordAt(hoursAgo(1));
    const revoked = await scenario.api.call(
      scenario.people.processDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/exceptions/${exception}/revocation`,
    );
    expect(revoked.status).toBe(204);

    expect(
      await scenario.results(scenario.people.caseDirector, theCase, incidentsFromPolice),
    ).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['EXCEPTION_REVOKED'],
        withheld: { police_incidents: ['EXCEPTION_REVOKED'] },
      },
    ]);
    const [entry] = await scenario.entries();
    expect(entry).toMatchObject({ decision: 'deny', reasons: ['EXCEPTION_REVOKED'], grounds: {} });
    expect(await scenario.released('politie-cn', entry?.exchangeId)).toEqual([]);
  });
});
