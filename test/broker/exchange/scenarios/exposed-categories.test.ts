import { describe, expect, it } from 'vitest';
import { DAUGHTER } from '../../../support/scenario.ts';
import { useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

describe('a pull names categories that only some providers hold', () => {
  it('gets from each provider the categories its domain holds, and does not ask the others', async () => {
    const scenario = await network.open();
    const { caseDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER);
    await scenario.consent(theCase, 'jeugdzorg-cn');

    const results = await scenario.results(caseDirector, theCase, {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'school_attendance'],
    });

    // Mental health care holds neither: it is not asked, so it does not learn of the case.
    expect(results.map((r) => [r.provider, r.status])).toEqual([
      ['mhc', 'denied'],
      ['politie-cn', 'data'],
      ['sgb', 'data'],
    ]);
    const data = Object.fromEntries(
      results.map((r) => [r.provider, r.status === 'data' ? r.data : undefined]),
    );
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
    const notHeld = 'PROVIDER_DOMAIN_NOT_PERMITTED';
    expect(entries.map((e) => [e.provider, e.decision, e.categories, e.reasons])).toEqual([
      ['mhc', 'deny', [], [notHeld, notHeld]],
      ['politie-cn', 'allow', ['police_incidents'], [notHeld]],
      ['sgb', 'allow', ['school_attendance'], [notHeld]],
    ]);
    expect(entries.find((e) => e.provider === 'sgb')?.fields).toEqual([
      'school_attendance.absence_hours_term',
      'school_attendance.compulsory_education_report',
      'school_attendance.unauthorised_absence',
    ]);
  });
});
