import { z } from 'zod';

/** The data categories of a covenant and, per category, its field names. */
export type CovenantVocabulary = ReadonlyMap<string, ReadonlySet<string>>;

/** Per network, the vocabulary of its covenant; a network without one has no words. */
export type VocabularyLookup = (network: string) => CovenantVocabulary;

export const NO_WORDS: CovenantVocabulary = new Map();

const bundleDataSchema = z.looseObject({
  zvh: z.looseObject({
    covenants: z.record(
      z.string(),
      z.looseObject({
        categories: z.record(z.string(), z.looseObject({ fields: z.array(z.string()) })),
      }),
    ),
  }),
});

/**
 * The covenants' categories and fields in the policy bundle's data: the only names a
 * decision can ever permit. Data of another shape has no words at all.
 *
 * @example
 * const vocabulary = covenantVocabularies(bundle.data);
 * vocabulary('bonaire').get('police_incidents')?.has('incident_date'); // true
 */
export function covenantVocabularies(bundleData: unknown): VocabularyLookup {
  const parsed = bundleDataSchema.safeParse(bundleData);
  const byNetwork = new Map<string, CovenantVocabulary>(
    Object.entries(parsed.success ? parsed.data.zvh.covenants : {}).map(([network, covenant]) => [
      network,
      new Map(
        Object.entries(covenant.categories).map(([name, { fields }]) => [name, new Set(fields)]),
      ),
    ]),
  );
  return (network) => byNetwork.get(network) ?? NO_WORDS;
}
