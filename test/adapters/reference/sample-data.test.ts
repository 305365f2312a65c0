import { describe, expect, it } from 'vitest';
import { generateMentalHealthSample } from '../../../adapters/reference/mental-health-sample.ts';
import { generatePoliceSample } from '../../../adapters/reference/police-sample.ts';
import { FAMILY_NAMES, GIVEN_NAMES } from '../../../adapters/reference/sample-names.ts';
import {
  ageOf,
  DEFAULT_SAMPLE_SEED,
  SAMPLE_NATIONAL_IDS,
  SAMPLE_PERSONS,
  SAMPLE_REFERENCE_DATE,
  samplePersons,
} from '../../../adapters/reference/sample-persons.ts';
import { generateSchoolSample } from '../../../adapters/reference/school-sample.ts';
import { generateYouthCareSample } from '../../../adapters/reference/youth-care-sample.ts';

/** The BSN eleven-test: a real BSN passes it. */
function passesElevenTest(id: string): boolean {
  const weights = [9, 8, 7, 6, 5, 4, 3, 2, -1];
  const sum = [...id].reduce((total, digit, at) => total + Number(digit) * (weights[at] ?? 0), 0);
  return sum % 11 === 0;
}

describe('generated sample data', () => {
  it('is the same for the same seed and different for another', () => {
    expect(samplePersons(DEFAULT_SAMPLE_SEED)).toEqual(SAMPLE_PERSONS);
    expect(samplePersons(7).map((p) => p.nationalId)).not.toEqual(SAMPLE_NATIONAL_IDS);
    expect(generatePoliceSample(SAMPLE_PERSONS, 1)).toEqual(
      generatePoliceSample(SAMPLE_PERSONS, 1),
    );
  });

  it.each([DEFAULT_SAMPLE_SEED, 1, 2, 3, 99])('never yields a valid BSN (seed %i)', (seed) => {
    const ids = samplePersons(seed).map((p) => p.nationalId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[1-9]\d{8}$/);
      expect(passesElevenTest(id)).toBe(false);
    }
  });

  it('gives Caribbean-Dutch names and plausible ages for each role', () => {
    const given: readonly string[] = [...GIVEN_NAMES.female, ...GIVEN_NAMES.male];
    for (const person of samplePersons(5)) {
      expect(FAMILY_NAMES).toContain(person.familyName);
      for (const name of person.givenNames.split(' ')) expect(given).toContain(name);
      expect(Date.parse(person.dateOfBirth)).toBeLessThan(SAMPLE_REFERENCE_DATE.getTime());
      const age = ageOf(person.dateOfBirth);
      if (person.role === 'child') expect(age).toBeLessThan(18);
      else expect(age).toBeGreaterThanOrEqual(18);
    }
    const households = new Set(SAMPLE_PERSONS.map((p) => p.household));
    expect([...households].sort()).toEqual([
      'aftercare_after_detention',
      'domestic_violence',
      'multi_problem',
    ]);
  });

  it('gives each reference partner records of some sample persons, dated in the past', () => {
    const police = generatePoliceSample(SAMPLE_PERSONS, DEFAULT_SAMPLE_SEED);
    const school = generateSchoolSample(SAMPLE_PERSONS, DEFAULT_SAMPLE_SEED);
    const youth = generateYouthCareSample(SAMPLE_PERSONS, DEFAULT_SAMPLE_SEED);
    const mental = generateMentalHealthSample(SAMPLE_PERSONS, DEFAULT_SAMPLE_SEED);
    const today = SAMPLE_REFERENCE_DATE.toISOString().slice(0, 10);
    expect(police.incidents.length).toBeGreaterThan(4);
    for (const incident of police.incidents) expect(incident.occurred_on < today).toBe(true);
    expect(school.pupils.length).toBeGreaterThan(1);
    for (const pupil of school.pupils) {
      const person = SAMPLE_PERSONS.find((p) => p.nationalId === pupil.bsn);
      expect(ageOf(person?.dateOfBirth ?? '')).toBeGreaterThanOrEqual(12);
      expect(pupil.enrolled_on < today).toBe(true);
    }
    expect(youth.length).toBe(SAMPLE_PERSONS.filter((p) => p.role === 'child').length);
    expect(mental.map((p) => p.active).sort()).toEqual([false, true, true]);
    const everyone = new Set(SAMPLE_NATIONAL_IDS);
    for (const id of [
      ...police.incidents.map((r) => r.bsn),
      ...school.pupils.map((r) => r.bsn),
      ...youth.map((c) => c.nationalId),
      ...mental.map((p) => p.nationalId),
    ]) {
      expect(everyone.has(id)).toBe(true);
    }
  });
});
