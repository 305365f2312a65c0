import { describe, expect, it } from 'vitest';
import { DAUGHTER } from '../../../support/scenario.ts';
import { useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

const involvementFromYouthCare = {
  purpose: 'triage',
  categories: ['case_involvement'],
  providers: ['jeugdzorg-cn'],
};

describe('rule 3, purpose limitation: only what the purpose of the case process needs', () => {
  it('gives youth care for monitoring only the categories monitoring needs, and says why the rest is withheld', async () => {
    const scenario = await network.open();
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'jeugdzorg-cn');

    const results = await scenario.results(scenario.people.caseDirector, theCase, {
      purpose: 'monitoring',
      categories: ['school_attendance', 'police_incidents'],
      providers: ['sgb', 'politie-cn'],
    });

    // Besides, each provider holds only one of the two (PROVIDER_DOMAIN_NOT_PERMITTED).
    const disproportionate = 'CATEGORY_DISPROPORTIONATE';
    const notHeld = 'PROVIDER_DOMAIN_NOT_PERMITTED';
    expect(results).toMatchObject([
      {
        provider: 'sgb',
        status: 'data',
        purpose: 'monitoring',
        withheld: { police_incidents: [disproportionate, notHeld] },
      },
      {
        provider: 'politie-cn',
        status: 'denied',
        withheld: { police_incidents: [disproportionate], school_attendance: [notHeld] },
      },
    ]);
    if (results[0]?.status !== 'data') throw new Error('the school gave no data');
    expect(Object.keys(results[0].data)).toEqual(['school_attendance']);
    const entries = await scenario.entries();
    expect(
      entries.map((e) => [e.provider, e.purpose, e.decision, e.categories, e.reasons]),
    ).toEqual([
      ['politie-cn', 'monitoring', 'deny', [], [disproportionate, notHeld]],
      ['sgb', 'monitoring', 'allow', ['school_attendance'], [disproportionate, notHeld]],
    ]);
    // Monitoring permits nothing the police hold: they were not asked.
    expect(await scenario.released('politie-cn', entries[0]?.exchangeId)).toEqual([]);
  });

  it('lets the process director ask a partner in triage whether it knows the person, and not once the case is in monitoring', async () => {
    const scenario = await network.open();
    const { processDirector } = scenario.people;
    const inTriage = await scenario.caseInTriage(DAUGHTER);
    await scenario.consent(inTriage, 'zvh-bonaire');
    // Asking youth care, outside the case, tells it who the person is: that needs a ground too.
    await scenario.consent(inTriage, 'jeugdzorg-cn');
    const inMonitoring = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(inMonitoring, 'zvh-bonaire');

    const [known] = await scenario.results(processDirector, inTriage, involvementFromYouthCare);
    expect(known).toMatchObject({ provider: 'jeugdzorg-cn', status: 'data', withheld: {} });
    if (known?.status !== 'data') throw new Error('youth care gave no data');
    expect(known.data.case_involvement).toEqual([
      {
        involved: true,
        involved_since: expect.any(String),
        contact_person: expect.any(String),
        contact_phone: expect.any(String),
      },
    ]);
    expect(await scenario.results(processDirector, inMonitoring, involvementFromYouthCare)).toEqual(
      [
        {
          provider: 'jeugdzorg-cn',
          status: 'denied',
          reasons: ['PURPOSE_PHASE_MISMATCH'],
          withheld: {},
        },
      ],
    );
    expect((await scenario.entries()).map((e) => [e.purpose, e.decision])).toEqual([
      ['triage', 'allow'],
      ['triage', 'deny'],
    ]);
  });

  it('denies a purpose the covenant does not name', async () => {
    const scenario = await network.open();
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'jeugdzorg-cn');

    const [result] = await scenario.results(scenario.people.caseDirector, theCase, {
      purpose: 'research',
      categories: ['school_attendance'],
      providers: ['sgb'],
    });

    expect(result).toMatchObject({ provider: 'sgb', status: 'denied' });
    if (result?.status !== 'denied') throw new Error('not denied');
    expect(result.reasons).toContain('PURPOSE_UNKNOWN');
    expect(await scenario.entries()).toMatchObject([{ purpose: 'research', decision: 'deny' }]);
  });
});
