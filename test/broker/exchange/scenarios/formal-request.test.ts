import { describe, expect, it } from 'vitest';
import {
  DAUGHTER,
  daysAgo,
  daysFromNow,
  hoursAgo,
  MOTHER,
  type Scenario,
} from '../../../support/scenario.ts';
import { useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

/** Youth care involvement for the police: not the kind of care, which is health data. */
const YOUTH_CARE_FIELDS = ['contact_person', 'involved_since'];

const investigation = (categories: readonly string[], provider = 'jeugdzorg-cn') => ({
  purpose: 'criminal_investigation',
  categories,
  providers: [provider],
});

/**
 * The police heard in the case meeting that youth care is involved with the daughter, and
 * want to use that in a criminal investigation. Returns the case and the exchange id.
 */
async function sharedInTheCaseMeeting(scenario: Scenario, at = hoursAgo(1)) {
  const theCase = await scenario.caseInMonitoring(DAUGHTER, at);
  await scenario.consent(theCase, 'politie-cn');
  const [shared] = await scenario.results(scenario.people.registrant, theCase, {
    purpose: 'case_meeting',
    categories: ['youth_care_involvement'],
    providers: ['jeugdzorg-cn'],
  });
  if (shared?.status !== 'data') throw new Error(`not shared: ${JSON.stringify(shared)}`);
  return { theCase, exchangeId: shared.exchangeId };
}

describe('rule 5, formal request before reuse: only what the provider approved, for that purpose', () => {
  it('denies reuse for an investigation without a formal request, while it is pending, and once refused', async () => {
    const scenario = await network.open();
    const { registrant, caseDirector } = scenario.people;
    const { theCase, exchangeId } = await sharedInTheCaseMeeting(scenario);
    const denied = (code: string) => [
      {
        provider: 'jeugdzorg-cn',
        status: 'denied',
        reasons: [code],
        withheld: { youth_care_involvement: [code] },
      },
    ];
    const ask = () =>
      scenario.results(registrant, theCase, investigation(['youth_care_involvement']));

    expect(await ask()).toEqual(denied('FORMAL_REQUEST_REQUIRED'));
    const request = await scenario.formalRequest(theCase, registrant, {
      provider: 'jeugdzorg-cn',
      purpose: 'criminal_investigation',
      categories: ['youth_care_involvement'],
      exchangeId,
    });
    expect(await ask()).toEqual(denied('FORMAL_REQUEST_REQUIRED'));
    await scenario.decide(theCase, caseDirector, request, { status: 'refused' });
    expect(await ask()).toEqual(denied('FORMAL_REQUEST_REFUSED'));

    const entries = await scenario.entries();
    expect(entries.map((e) => [e.purpose, e.decision, e.reasons])).toEqual([
      ['case_meeting', 'allow', []],
      ['criminal_investigation', 'deny', ['FORMAL_REQUEST_REQUIRED']],
      ['criminal_investigation', 'deny', ['FORMAL_REQUEST_REQUIRED']],
      ['criminal_investigation', 'deny', ['FORMAL_REQUEST_REFUSED']],
    ]);
    for (const entry of entries.slice(1)) {
      expect(await scenario.released('jeugdzorg-cn', entry.exchangeId)).toEqual([]);
    }
  });

  it('allows reuse after approval for exactly the approved categories, purpose and provider', async () => {
    const scenario = await network.open();
    const { registrant, caseDirector } = scenario.people;
    const { theCase, exchangeId } = await sharedInTheCaseMeeting(scenario);
    const request = await scenario.formalRequest(theCase, registrant, {
      provider: 'jeugdzorg-cn',
      purpose: 'criminal_investigation',
      categories: ['youth_care_involvement'],
      exchangeId,
    });
    await scenario.decide(theCase, caseDirector, request, {
      status: 'approved',
      expiresAt: daysFromNow(30),
    });

    const [approved] = await scenario.results(
      registrant,
      theCase,
      investigation(['youth_care_involvement', 'case_involvement']),
    );
    expect(approved).toMatchObject({
      provider: 'jeugdzorg-cn',
      status: 'data',
      purpose: 'criminal_investigation',
      withheld: { case_involvement: ['FORMAL_REQUEST_REQUIRED'] },
    });
    if (approved?.status !== 'data') throw new Error('no data after approval');
    expect(Object.keys(approved.data)).toEqual(['youth_care_involvement']);
    expect(approved.data.youth_care_involvement?.length).toBeGreaterThan(0);
    for (const record of approved.data.youth_care_involvement ?? []) {
      expect(Object.keys(record).sort()).toEqual(YOUTH_CARE_FIELDS);
    }

    // A prosecution decision is the prosecutor's: the police's domain may not have it.
    expect(
      await scenario.results(registrant, theCase, {
        ...investigation(['youth_care_involvement']),
        purpose: 'prosecution',
      }),
    ).toMatchObject([
      {
        provider: 'jeugdzorg-cn',
        status: 'denied',
        reasons: expect.arrayContaining(['PURPOSE_DOMAIN_NOT_PERMITTED']),
      },
    ]);
    expect(
      await scenario.results(registrant, theCase, investigation(['case_involvement'])),
    ).toEqual([
      {
        provider: 'jeugdzorg-cn',
        status: 'denied',
        reasons: ['FORMAL_REQUEST_REQUIRED'],
        withheld: { case_involvement: ['FORMAL_REQUEST_REQUIRED'] },
      },
    ]);

    const [, reuse] = await scenario.entries();
    expect(reuse).toMatchObject({
      requester: 'politie-cn',
      provider: 'jeugdzorg-cn',
      purpose: 'criminal_investigation',
      decision: 'allow',
      categories: ['youth_care_involvement'],
      grounds: { youth_care_involvement: { type: 'formal_request', id: request } },
      reasons: ['FORMAL_REQUEST_REQUIRED'],
      fields: YOUTH_CARE_FIELDS.map((field) => `youth_care_involvement.${field}`),
    });
    expect(Object.keys(reuse?.grounds ?? {})).toEqual(['youth_care_involvement']);
  });

  it('denies reuse again once the approval has expired', async () => {
    const scenario = await network.open();
    const { registrant, caseDirector } = scenario.people;
    const { theCase, exchangeId } = await sharedInTheCaseMeeting(scenario, daysAgo(3));
    const request = await scenario.formalRequest(theCase, registrant, {
      provider: 'jeugdzorg-cn',
      purpose: 'criminal_investigation',
      categories: ['youth_care_involvement'],
      exchangeId,
    });
    scenario.recordAt(daysAgo(2));
    await scenario.decide(theCase, caseDirector, request, {
      status: 'approved',
      expiresAt: daysAgo(1),
    });

    expect(
      await scenario.results(registrant, theCase, investigation(['youth_care_involvement'])),
    ).toEqual([
      {
        provider: 'jeugdzorg-cn',
        status: 'denied',
        reasons: ['FORMAL_REQUEST_EXPIRED'],
        withheld: { youth_care_involvement: ['FORMAL_REQUEST_EXPIRED'] },
      },
    ]);
    const [, reuse] = await scenario.entries();
    expect(reuse).toMatchObject({
      purpose: 'criminal_investigation',
      decision: 'deny',
      grounds: {},
      fields: [],
    });
    expect(await scenario.released('jeugdzorg-cn', reuse?.exchangeId)).toEqual([]);
  });
});

describe('special categories: health data only to a partner with a basis for them', () => {
  const treatment = {
    purpose: 'case_meeting',
    categories: ['mental_health_treatment'],
    providers: ['mhc'],
  };

  it('gives youth care the mental health treatment, but not the guardianship council, which has no health basis', async () => {
    const scenario = await network.open();
    const { caseDirector, guardianshipCouncil } = scenario.people;
    const theCase = await scenario.caseInMonitoring(MOTHER);
    await scenario.addParticipant(theCase.caseId, guardianshipCouncil);
    await scenario.consent(theCase, 'jeugdzorg-cn');
    await scenario.consent(theCase, 'voogdijraad-cn');

    const [forYouthCare] = await scenario.results(caseDirector, theCase, treatment);
    expect(forYouthCare).toMatchObject({ provider: 'mhc', status: 'data', withheld: {} });
    if (forYouthCare?.status !== 'data') throw new Error('youth care got no data');
    expect(forYouthCare.data.mental_health_treatment).toEqual([
      { in_treatment: true, contact_person: expect.any(String) },
    ]);
    expect(await scenario.results(guardianshipCouncil, theCase, treatment)).toEqual([
      {
        provider: 'mhc',
        status: 'denied',
        reasons: ['SPECIAL_CATEGORY_NO_BASIS'],
        withheld: { mental_health_treatment: ['SPECIAL_CATEGORY_NO_BASIS'] },
      },
    ]);
    const [allowed, denied] = await scenario.entries();
    expect(allowed).toMatchObject({ requester: 'jeugdzorg-cn', decision: 'allow' });
    expect(denied).toMatchObject({
      requester: 'voogdijraad-cn',
      decision: 'deny',
      reasons: ['SPECIAL_CATEGORY_NO_BASIS'],
    });
    expect(await scenario.released('mhc', denied?.exchangeId)).toEqual([]);
  });

  it('refuses the police a formal request for health data they were never given, and keeps the data from them', async () => {
    const scenario = await network.open();
    const { registrant } = scenario.people;
    const theCase = await scenario.caseInMonitoring(MOTHER);
    const [asked] = await scenario.results(registrant, theCase, treatment);
    expect(asked).toMatchObject({ provider: 'mhc', status: 'denied' });
    const [refusal] = await scenario.entries();

    const requested = await scenario.api.call(
      registrant,
      'POST',
      `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/formal-requests`,
      {
        provider: 'mhc',
        purpose: 'criminal_investigation',
        categories: ['mental_health_treatment'],
        exchangeIds: [refusal?.exchangeId],
        justification: 'Suspected abuse reported in the case meeting.',
      },
    );
    expect(requested.body).toMatchObject({ status: 422, code: 'EXCHANGE_NOT_RECEIVED' });

    expect(
      await scenario.results(registrant, theCase, {
        ...treatment,
        purpose: 'criminal_investigation',
      }),
    ).toEqual([
      {
        provider: 'mhc',
        status: 'denied',
        // The police's domain may not have mental health treatment in the case process,
        // so neither for a reuse: the matrix applies to reuse too.
        reasons: ['DOMAIN_NOT_PERMITTED', 'FORMAL_REQUEST_REQUIRED', 'SPECIAL_CATEGORY_NO_BASIS'],
        withheld: {
          mental_health_treatment: [
            'DOMAIN_NOT_PERMITTED',
            'FORMAL_REQUEST_REQUIRED',
            'SPECIAL_CATEGORY_NO_BASIS',
          ],
        },
      },
    ]);
    const [, entry] = await scenario.entries();
    expect(entry).toMatchObject({ requester: 'politie-cn', decision: 'deny', grounds: {} });
    expect(await scenario.released('mhc', entry?.exchangeId)).toEqual([]);
  });
});
