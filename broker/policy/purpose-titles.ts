import { z } from 'zod';

/** A covenant's purposes by id, each with the title the covenant gives it. */
export type PurposeTitles = ReadonlyMap<string, string>;

const bundleDataSchema = z.looseObject({
  zvh: z.looseObject({
    covenants: z.record(
      z.string(),
      z.looseObject({
        purposes: z.record(z.string(), z.looseObject({ title: z.string().max(500) })),
      }),
    ),
  }),
});

/**
 * The titles of a network's purposes in the policy bundle's data (`policies/bundle/data.json`),
 * so that a report names a purpose in words. Data of another shape, or a network without a
 * covenant, has none: the report then shows the purposes' ids.
 *
 * @example
 * const titles = covenantPurposeTitles(bundle.data, 'bonaire');
 * titles.get('criminal_investigation'); // 'Use in a criminal investigation'
 */
export function covenantPurposeTitles(bundleData: unknown, network: string): PurposeTitles {
  const parsed = bundleDataSchema.safeParse(bundleData);
  const purposes = parsed.success ? parsed.data.zvh.covenants[network]?.purposes : undefined;
  return new Map(Object.entries(purposes ?? {}).map(([id, { title }]) => [id, title]));
}
