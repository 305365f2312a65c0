import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigInvalidError } from './adapter-error.ts';

/** The data categories of a covenant and, per category, its field names. */
export type CovenantVocabulary = ReadonlyMap<string, ReadonlySet<string>>;

/** The covenant of ZVH Bonaire, the network the reference adapters belong to. */
export const BONAIRE_COVENANT = fileURLToPath(
  new URL('../../policies/zvh/covenants/bonaire/data.json', import.meta.url),
);

const covenantSchema = z.looseObject({
  categories: z.record(z.string(), z.looseObject({ fields: z.array(z.string()).min(1) })),
});

/**
 * Reads the category and field names from a covenant's policy data, the same file the
 * broker's policy decides with, so a manifest cannot drift from what the policy permits.
 *
 * @example
 * const vocabulary = await readCovenantVocabulary(BONAIRE_COVENANT);
 * vocabulary.get('police_incidents')?.has('incident_date'); // true
 */
export async function readCovenantVocabulary(path: string): Promise<CovenantVocabulary> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigInvalidError(`covenant data ${path} cannot be read`);
  }
  const parsed = covenantSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ConfigInvalidError(`covenant data ${path} has no categories`);
  return new Map(
    Object.entries(parsed.data.categories).map(([name, { fields }]) => [name, new Set(fields)]),
  );
}
