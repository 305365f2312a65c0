import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SampleHousehold } from '../adapters/reference/sample-persons.ts';

/** The example cases: one per sample household, and a case parked on the shadow list. */
export const DEMO_CASES = [
  'domestic_violence',
  'multi_problem',
  'aftercare_after_detention',
  'review_due',
] as const satisfies readonly (SampleHousehold | 'review_due')[];
export type DemoCase = (typeof DEMO_CASES)[number];

const recordSchema = z.partialRecord(z.enum(DEMO_CASES), z.uuid());

/** The ids of the example cases seeded so far. */
export type SeededCases = Partial<Record<DemoCase, string>>;

/**
 * Which example cases the demo has seeded, kept beside the database in the state
 * directory so that a restart finds them instead of registering them again.
 *
 * @example
 * const seeded = await readSeededCases('.state/demo-cases.json'); // {} on a fresh state dir
 */
export async function readSeededCases(file: string): Promise<SeededCases> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return recordSchema.parse(JSON.parse(text));
}

export async function writeSeededCases(file: string, seeded: SeededCases): Promise<void> {
  await writeFile(file, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
}
