import { describe, expect, it } from 'vitest';
import { DAUGHTER } from '../../../support/scenario.ts';
import { useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

describe('a pull names categories that only some providers hold', () => {
  it('gets from each provider the categories its adapter exposes, and nothing else', async () => {
    const scenario = await network.open();
    const { caseDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'jeugdzorg-cn');

    const results = await scenario.results(caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'school_attendance'],
    });

    expect(results.map((r) => [r.provider, r.status])).toEqual([
      ['mhc', 'data'],
      ['politie-cn', 'data'],
      ['sgb', 'data'],
    ]);
    const data = Object.fromEntries(
      results.map((r) => [r.provider, r.status === 'data' ? r.data : undefined]),
    );
    expect(data.mhc).toEqual({});
    expect(Object.keys(data['politie-cn'] ?? {})).toEqual(['police_incidents']);
    expect(data['politie-cn']?.police_incidents).toEqual([
      {
        incident_date: expect.any(String),
        incident_type: 'domestic_violence',
        role_in_incident: 'witness',
      },
    ]);
    expect(Object.keys(data.sgb ?? {})).toEqual(['school_attendance']);
    expect(data.sgb?.school_attendance?.length).toBeGreaterThan(0);

    const entries = await scenario.entries();
    expect(entries.map((e) => [e.provider, e.decision, e.categories, e.reasons])).toEqual([
      ['mhc', 'allow', [], []],
      ['politie-cn', 'allow', ['police_incidents'], []],
      ['sgb', 'allow', ['school_attendance'], []],
    ]);
    expect(entries.find((e) => e.provider === 'sgb')?.fields).toEqual([
      'school_attendance.absence_hours_term',
      'school_attendance.compulsory_education_report',
      'school_attendance.unauthorised_absence',
    ]);
  });
});
