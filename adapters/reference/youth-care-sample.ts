import { Prng } from './prng.ts';
import { daysAgo, daysAhead } from './sample-dates.ts';
import { STAFF_NAMES } from './sample-names.ts';
import type { SamplePerson } from './sample-persons.ts';

/** A care trajectory as the youth care client system's API returns it. */
export interface Trajectory {
  readonly start: string;
  readonly type: string;
  readonly worker: { readonly name: string; readonly phone: string };
  readonly plan: { readonly goals: string; readonly status: string; readonly review: string };
  /** Not exposed: the intake notes stay in the youth care system. */
  readonly intakeNotes: string;
}

/** One client of the youth care system, keyed by national identifier. */
export interface YouthCareClient {
  readonly nationalId: string;
  readonly trajectories: readonly Trajectory[];
}

const CARE_TYPES = [
  'ambulant family support',
  'parenting support',
  'youth probation',
  'foster care',
] as const;

const GOALS = [
  'Safe home: no violence in the family; the children feel safe at home.',
  'Regular school attendance and a daily structure at home.',
  'Stable income and debt counselling for the parent; support in parenting.',
  'No new offences; daytime activity through school or work.',
] as const;

/**
 * The youth care organisation's clients among the sample persons: the children of the
 * domestic violence and multi-problem households, each with a care trajectory.
 */
export function generateYouthCareSample(
  persons: readonly SamplePerson[],
  seed: number,
): readonly YouthCareClient[] {
  const random = new Prng(seed ^ 0x7e_c4e);
  return persons
    .filter((person) => person.role === 'child')
    .map((person) => {
      const troubledTeen = person.household === 'multi_problem' && person.ageBand === '13-17';
      const trajectory: Trajectory = {
        start: daysAgo(random, 500, 60),
        type:
          troubledTeen && person.gender === 'male'
            ? 'youth probation'
            : random.pick(CARE_TYPES.slice(0, 2)),
        worker: {
          name: random.pick(STAFF_NAMES),
          phone: `+599 717 ${random.int(1000, 9999)}`,
        },
        plan: {
          goals:
            person.household === 'domestic_violence'
              ? (GOALS[0] as string)
              : random.pick(GOALS.slice(1)),
          status: random.pick(['on track', 'partly on track', 'stalled']),
          review: daysAhead(random, 10, 90),
        },
        intakeNotes: `intake ${random.int(100, 999)}: not for release`,
      };
      return { nationalId: person.nationalId, trajectories: [trajectory] };
    });
}
