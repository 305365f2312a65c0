import type { Prng } from './prng.ts';
import { SAMPLE_REFERENCE_DATE } from './sample-persons.ts';

const DAY_MS = 86_400_000;

/** A date between `fromDays` and `toDays` before the reference date. */
export function daysAgo(random: Prng, fromDays: number, toDays: number): string {
  return random.date(
    new Date(SAMPLE_REFERENCE_DATE.getTime() - fromDays * DAY_MS),
    new Date(SAMPLE_REFERENCE_DATE.getTime() - toDays * DAY_MS),
  );
}

/** A date between `fromDays` and `toDays` after the reference date. */
export function daysAhead(random: Prng, fromDays: number, toDays: number): string {
  return random.date(
    new Date(SAMPLE_REFERENCE_DATE.getTime() + fromDays * DAY_MS),
    new Date(SAMPLE_REFERENCE_DATE.getTime() + toDays * DAY_MS),
  );
}
