import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../support/api-client.ts';
import { DAUGHTER, daysAgo, daysFromNow, MOTHER } from '../../../support/scenario.ts';
import { type CovenantData, useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

/** The version of the Bonaire covenant in force today. */
function inForce(bonaire: CovenantData): CovenantData['versions'][number] {
  const now = new Date().toISOString();
  const version = bonaire.versions.find(
    (v) => v.valid_from <= now && (v.valid_until === null || now < v.valid_until),
  );
  if (version === undefined) throw new Error('no Bonaire covenant in force');
  return version;
}

describe('rule 1, covenant membership: only signatories of the covenant in force exchange', () => {
  it('stops every flow to and from the partner that withdrew yesterday, while the others keep exchanging', async () => {
    const policy = await network.policyWithCovenant((bonaire) => {
      const signature = inForce(bonaire).signatories.mhc;
      if (signature === undefined) throw new Error('mhc did not sign');
      signature.withdrawn_at = daysAgo(1).toISOString();
    });
    const scenario = await network.open({ policy });
    const { caseDirector } = scenario.people;
    const therapist: Caller = {
      ...scenario.people.privacyOfficer,
      user: 'behandelaar-5',
      role: 'case_participant',
    };
    const theCase = await scenario.caseInMonitoring(MOTHER);
    await scenario.addParticipant(theCase.caseId, therapist);
    await scenario.consent(theCase, 'jeugdzorg-cn');
    await scenario.consent(theCase, 'mhc');

    const results = await scenario.results(caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['mental_health_treatment', 'police_incidents'],
      providers: ['mhc', 'politie-cn'],
    });
    expect(results[0]).toEqual({
      provider: 'mhc',
      status: 'denied',
      reasons: ['PARTNER_NOT_SIGNATORY'],
      withheld: {},
    });
    expect(results[1]).toMatchObject({ provider: 'politie-cn', status: 'data' });
    if (results[1]?.status !== 'data') throw new Error('the police gave no data');
    expect(results[1].data.police_incidents?.length).toBe(2);

    expect(
      await scenario.results(therapist, theCase, {
        purpose: 'case_meeting',
        categories: ['case_involvement'],
        providers: ['jeugdzorg-cn'],
      }),
    ).toEqual([
      {
        provider: 'jeugdzorg-cn',
        status: 'denied',
        reasons: ['PARTNER_NOT_SIGNATORY'],
        withheld: {},
      },
    ]);

    const entries = await scenario.entries();
    expect(entries.map((e) => [e.requester, e.provider, e.decision, e.reasons])).toEqual([
      ['jeugdzorg-cn', 'mhc', 'deny', ['PARTNER_NOT_SIGNATORY']],
      ['jeugdzorg-cn', 'politie-cn', 'allow', []],
      ['mhc', 'jeugdzorg-cn', 'deny', ['PARTNER_NOT_SIGNATORY']],
    ]);
    expect(await scenario.released('mhc', entries[0]?.exchangeId)).toEqual([]);
  });

  it('denies a partner of the network that has not signed the covenant in force, as recipient and as provider', async () => {
    const policy = await network.policyWithCovenant((bonaire) => {
      delete inForce(bonaire).signatories.sgb;
    });
    const scenario = await network.open({ policy });
    const { participant, caseDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'sgb');
    await scenario.consent(theCase, 'jeugdzorg-cn');

    expect(
      await scenario.results(participant, theCase, {
        purpose: 'case_meeting',
        categories: ['case_involvement'],
        providers: ['jeugdzorg-cn'],
      }),
    ).toEqual([
      {
        provider: 'jeugdzorg-cn',
        status: 'denied',
        reasons: ['PARTNER_NOT_SIGNATORY'],
        withheld: {},
      },
    ]);
    const fromSchool = await scenario.results(caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['school_attendance', 'police_incidents'],
      providers: ['sgb', 'politie-cn'],
    });
    expect(fromSchool.map((r) => [r.provider, r.status])).toEqual([
      ['sgb', 'denied'],
      ['politie-cn', 'data'],
    ]);
    expect(fromSchool[0]).toMatchObject({ reasons: ['PARTNER_NOT_SIGNATORY'] });
  });

  it('lets nothing flow while the covenant has expired and its renewal is not yet in force', async () => {
    const policy = await network.policyWithCovenant((bonaire) => {
      const current = inForce(bonaire);
      current.valid_until = daysAgo(1).toISOString();
      bonaire.versions.push({
        ...structuredClone(current),
        id: 'bonaire-renewal',
        valid_from: daysFromNow(1).toISOString(),
        valid_until: null,
      });
    });
    const scenario = await network.open({ policy });
    const theCase = await scenario.caseInMonitoring(DAUGHTER, daysAgo(3));
    await scenario.consent(theCase, 'jeugdzorg-cn');

    const results = await scenario.results(scenario.people.caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'school_attendance'],
    });

    expect(results).toEqual(
      ['mhc', 'politie-cn', 'sgb'].map((provider) => ({
        provider,
        status: 'denied',
        reasons: ['COVENANT_NOT_IN_FORCE'],
        withheld: {},
      })),
    );
    const entries = await scenario.entries();
    expect(entries.map((e) => [e.decision, e.fields])).toEqual([
      ['deny', []],
      ['deny', []],
      ['deny', []],
    ]);
    for (const entry of entries) {
      expect(await scenario.released('politie-cn', entry.exchangeId)).toEqual([]);
      expect(await scenario.released('sgb', entry.exchangeId)).toEqual([]);
    }
  });
});
