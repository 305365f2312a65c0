import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../keys/clock.ts';
import type { Caller } from '../../../support/api-client.ts';
import {
  BUNDLE_COVENANT,
  covenantSigners,
  recordSignedDecision,
} from '../../../support/covenant.ts';
import { DAUGHTER, daysAgo, MOTHER } from '../../../support/scenario.ts';
import { useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

describe('rule 1, covenant membership: only signatories of the covenant in force exchange', () => {
  it('stops every flow to and from the partner that withdrew, while the others keep exchanging', async () => {
    const scenario = await network.open();
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
    scenario.recordAt(new Date());
    const mhc = (await covenantSigners()).get('mhc');
    if (mhc === undefined) throw new TypeError('a signer for mhc');
    await recordSignedDecision(
      scenario.store,
      systemClock,
      mhc,
      BUNDLE_COVENANT('bonaire') ?? '',
      'revoke',
    );

    const results = await scenario.results(caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['mental_health_treatment', 'police_incidents'],
      providers: ['mhc', 'politie-cn'],
    });
    // Mental health care holds no police incidents in any case: the police do.
    expect(results[0]).toEqual({
      provider: 'mhc',
      status: 'denied',
      reasons: ['PROVIDER_DOMAIN_NOT_PERMITTED', 'PARTNER_NOT_SIGNATORY'],
      withheld: { police_incidents: ['PROVIDER_DOMAIN_NOT_PERMITTED'] },
    });
    expect(results[1]).toMatchObject({ provider: 'politie-cn', status: 'data' });
    if (results[1]?.status !== 'data') throw new Error('the police gave no data');
    expect(results[1].data.police_incidents?.length).toBe(2);

    // The withdrawn partner's own employee is refused at the door of every case route.
    const refused = await scenario.pull(therapist, theCase, {
      purpose: 'case_meeting',
      categories: ['case_involvement'],
      providers: ['jeugdzorg-cn'],
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'PARTNER_NOT_SIGNATORY' });

    const entries = await scenario.entries();
    expect(entries.map((e) => [e.requester, e.provider, e.decision, e.reasons])).toEqual([
      ['jeugdzorg-cn', 'mhc', 'deny', ['PARTNER_NOT_SIGNATORY', 'PROVIDER_DOMAIN_NOT_PERMITTED']],
      ['jeugdzorg-cn', 'politie-cn', 'allow', ['PROVIDER_DOMAIN_NOT_PERMITTED']],
    ]);
    expect(await scenario.released('mhc', entries[0]?.exchangeId)).toEqual([]);
  });

  it('keeps a partner of the network that the covenant in force does not name out of cases, and denies it as provider', async () => {
    const policy = await network.policyWithCovenant((bonaire) => {
      delete bonaire.partners.sgb;
    });
    const scenario = await network.open({ policy });
    const { participant, caseDirector, processDirector } = scenario.people;
    const theCase = await scenario.caseInTriage(DAUGHTER);
    const path = `/v1/cases/${theCase.caseId}`;
    for (const body of [{ action: 'accept' }]) {
      expect(
        (await scenario.api.call(processDirector, 'POST', `${path}/transitions`, body)).status,
      ).toBe(200);
    }
    const added = await scenario.api.call(processDirector, 'POST', `${path}/participants`, {
      organisation: participant.organisation,
      user: participant.user,
      role: participant.role,
    });
    expect([added.status, added.body?.code]).toEqual([422, 'PARTNER_UNKNOWN']);
    const appointed = await scenario.api.call(processDirector, 'PUT', `${path}/case-director`, {
      organisation: caseDirector.organisation,
      user: caseDirector.user,
    });
    expect(appointed.status, appointed.text).toBe(200);
    await scenario.transition(theCase, { action: 'start_monitoring' });
    await scenario.consent(theCase, 'jeugdzorg-cn');

    const ownPull = await scenario.pull(participant, theCase, {
      purpose: 'case_meeting',
      categories: ['case_involvement'],
      providers: ['jeugdzorg-cn'],
    });
    expect([ownPull.status, ownPull.body?.code]).toEqual([403, 'PARTNER_NOT_SIGNATORY']);
    const fromSchool = await scenario.results(caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['school_attendance', 'police_incidents'],
      providers: ['sgb', 'politie-cn'],
    });
    expect(fromSchool.map((r) => [r.provider, r.status])).toEqual([
      ['sgb', 'denied'],
      ['politie-cn', 'data'],
    ]);
    // It could not be added to the case either.
    expect(fromSchool[0]).toMatchObject({
      reasons: ['NOT_CASE_PARTICIPANT', 'PARTNER_NOT_SIGNATORY'],
    });
  });

  it('lets nothing flow once the covenant in force has ended', async () => {
    const policy = await network.policyWithCovenant((bonaire) => {
      bonaire.not_after = daysAgo(1).toISOString();
    });
    const scenario = await network.open({ policy });
    const theCase = await scenario.caseInMonitoring(DAUGHTER, daysAgo(3));
    await scenario.consent(theCase, 'jeugdzorg-cn');

    const results = await scenario.results(scenario.people.caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'school_attendance'],
    });

    // Besides, each provider holds only its own category of the two.
    const notHeld = {
      mhc: ['police_incidents', 'school_attendance'],
      'politie-cn': ['school_attendance'],
      sgb: ['police_incidents'],
    };
    expect(results).toEqual(
      Object.entries(notHeld).map(([provider, categories]) => ({
        provider,
        status: 'denied',
        reasons: [
          ...categories.map(() => 'PROVIDER_DOMAIN_NOT_PERMITTED'),
          'COVENANT_NOT_IN_FORCE',
        ],
        withheld: Object.fromEntries(
          categories.map((category) => [category, ['PROVIDER_DOMAIN_NOT_PERMITTED']]),
        ),
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
