import { Prng } from './prng.ts';
import { FAMILY_NAMES, GIVEN_NAMES } from './sample-names.ts';

/** The demo's seed; change it and every reference adapter holds other people. */
export const DEFAULT_SAMPLE_SEED = 20_260_101;

/** Ages and dates are taken at this day, so the data do not shift as time passes. */
export const SAMPLE_REFERENCE_DATE = new Date('2026-11-01T00:00:00.000Z');

export type SampleHousehold = 'domestic_violence' | 'multi_problem' | 'aftercare_after_detention';
export type SampleRole = 'parent' | 'child' | 'released' | 'relative';
export type SampleAgeBand = '0-3' | '4-12' | '13-17' | '18-23' | '24-54' | '55+';

/** A generated, fictional person. */
export interface SamplePerson {
  /** Nine digits that fail the BSN eleven-test, so they can never be a real person's. */
  readonly nationalId: string;
  readonly givenNames: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly gender: 'female' | 'male';
  readonly ageBand: SampleAgeBand;
  /** The kind of case the demo seeds for this person's household (a broker case type). */
  readonly household: SampleHousehold;
  readonly role: SampleRole;
}

const BSN_WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1] as const;

function elevenTest(digits: readonly number[]): number {
  const sum = digits.reduce((total, digit, at) => total + digit * (BSN_WEIGHTS[at] ?? 0), 0);
  return ((sum % 11) + 11) % 11;
}

function fakeNationalId(random: Prng, taken: Set<string>): string {
  for (;;) {
    const digits = Array.from({ length: 9 }, (_, at) =>
      at === 0 ? random.int(1, 9) : random.int(0, 9),
    );
    if (elevenTest(digits) === 0) digits[8] = ((digits[8] ?? 0) + 1) % 10;
    const id = digits.join('');
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** Age in whole years at the reference date. */
export function ageOf(dateOfBirth: string): number {
  const born = Date.parse(`${dateOfBirth}T00:00:00.000Z`);
  return Math.floor((SAMPLE_REFERENCE_DATE.getTime() - born) / (365.25 * 86_400_000));
}

function ageBand(dateOfBirth: string): SampleAgeBand {
  const age = ageOf(dateOfBirth);
  if (age <= 3) return '0-3';
  if (age <= 12) return '4-12';
  if (age <= 17) return '13-17';
  if (age <= 23) return '18-23';
  if (age <= 54) return '24-54';
  return '55+';
}

function bornAged(random: Prng, minAge: number, maxAge: number): string {
  const year = SAMPLE_REFERENCE_DATE.getUTCFullYear();
  return random.date(
    new Date(Date.UTC(year - maxAge - 1, SAMPLE_REFERENCE_DATE.getUTCMonth(), 2)),
    new Date(Date.UTC(year - minAge, SAMPLE_REFERENCE_DATE.getUTCMonth(), 1)),
  );
}

interface Member {
  readonly role: SampleRole;
  readonly gender: 'female' | 'male';
  readonly ages: readonly [number, number];
  /** A parent of another family name, as in many households. */
  readonly ownName?: boolean;
}

const HOUSEHOLDS: ReadonlyArray<readonly [SampleHousehold, readonly Member[]]> = [
  [
    'domestic_violence',
    [
      { role: 'parent', gender: 'male', ages: [34, 48] },
      { role: 'parent', gender: 'female', ages: [29, 44], ownName: true },
      { role: 'child', gender: 'female', ages: [13, 16] },
      { role: 'child', gender: 'male', ages: [6, 11] },
    ],
  ],
  [
    'multi_problem',
    [
      { role: 'parent', gender: 'female', ages: [28, 42] },
      { role: 'child', gender: 'male', ages: [14, 17] },
      { role: 'child', gender: 'female', ages: [12, 15] },
      { role: 'child', gender: 'male', ages: [2, 5] },
    ],
  ],
  [
    'aftercare_after_detention',
    [
      { role: 'released', gender: 'male', ages: [19, 26] },
      { role: 'relative', gender: 'female', ages: [45, 60] },
    ],
  ],
];

/**
 * The fictional households of the sample data: a family with domestic violence, a
 * multi-problem family and a young man in aftercare after detention, with their mother.
 * The same seed always gives the same people.
 *
 * @example
 * const [father] = samplePersons();
 */
export function samplePersons(seed = DEFAULT_SAMPLE_SEED): readonly SamplePerson[] {
  const random = new Prng(seed);
  const taken = new Set<string>();
  const usedNames = new Set<string>();
  const familyName = () => {
    const free = FAMILY_NAMES.filter((name) => !usedNames.has(name));
    const name = random.pick(free);
    usedNames.add(name);
    return name;
  };
  return HOUSEHOLDS.flatMap(([household, members]) => {
    const name = familyName();
    return members.map((member): SamplePerson => {
      const dateOfBirth = bornAged(random, member.ages[0], member.ages[1]);
      const given = GIVEN_NAMES[member.gender];
      const second = random.chance(0.4) ? ` ${random.pick(given)}` : '';
      return Object.freeze({
        nationalId: fakeNationalId(random, taken),
        givenNames: `${random.pick(given)}${second}`,
        familyName: member.ownName === true ? familyName() : name,
        dateOfBirth,
        gender: member.gender,
        ageBand: ageBand(dateOfBirth),
        household,
        role: member.role,
      });
    });
  });
}

/** The persons of the demo network, and their identifiers for seeding its cases. */
export const SAMPLE_PERSONS: readonly SamplePerson[] = samplePersons();
export const SAMPLE_NATIONAL_IDS: readonly string[] = SAMPLE_PERSONS.map((p) => p.nationalId);
