import { Prng } from './prng.ts';
import { STAFF_NAMES } from './sample-names.ts';
import type { SamplePerson } from './sample-persons.ts';

/** A patient's status as the mental health EHR's API returns it. */
export interface PatientStatus {
  readonly nationalId: string;
  readonly active: boolean;
  readonly practitioner: { readonly name: string; readonly phone: string };
  /** Special-category detail that never leaves the mental health system. */
  readonly diagnosis: string;
  readonly medication: readonly string[];
}

/**
 * The mental health organisation's patients among the sample persons: the mother in the
 * domestic violence household and the released young man are in treatment; the mother of
 * the multi-problem family was, and no longer is.
 */
export function generateMentalHealthSample(
  persons: readonly SamplePerson[],
  seed: number,
): readonly PatientStatus[] {
  const random = new Prng(seed ^ 0x3e_a17);
  const patient = (person: SamplePerson, active: boolean, diagnosis: string): PatientStatus => ({
    nationalId: person.nationalId,
    active,
    practitioner: { name: random.pick(STAFF_NAMES), phone: `+599 717 ${random.int(1000, 9999)}` },
    diagnosis,
    medication: active ? [random.pick(['sertraline 50 mg', 'quetiapine 25 mg'])] : [],
  });
  return persons.flatMap((person) => {
    if (
      person.household === 'domestic_violence' &&
      person.role === 'parent' &&
      person.gender === 'female'
    ) {
      return [patient(person, true, 'F43.1 post-traumatic stress disorder')];
    }
    if (person.household === 'multi_problem' && person.role === 'parent') {
      return [patient(person, false, 'F32.1 depressive episode')];
    }
    if (person.role === 'released') return [patient(person, true, 'F60.2 personality disorder')];
    return [];
  });
}
