import { z } from 'zod';

/** A covenant's partners by organisation id, each with the name the covenant gives it. */
export type PartnerNames = ReadonlyMap<string, string>;

const bundleDataSchema = z.looseObject({
  zvh: z.looseObject({
    covenants: z.record(
      z.string(),
      z.looseObject({
        partners: z.record(z.string(), z.looseObject({ name: z.string().max(500) })),
      }),
    ),
  }),
});

/**
 * The names of a network's partners in a policy bundle's data, so that a report names an
 * organisation in words. Data of another shape, or a network without a covenant, has
 * none: the report then shows the organisations' ids alone.
 *
 * @example
 * bundlePartnerNames(bundle.data, 'bonaire').get('jeugdzorg-cn'); // 'Jeugdzorg Caribisch Nederland'
 */
export function bundlePartnerNames(bundleData: unknown, network: string): PartnerNames {
  const parsed = bundleDataSchema.safeParse(bundleData);
  const partners = parsed.success ? parsed.data.zvh.covenants[network]?.partners : undefined;
  return new Map(Object.entries(partners ?? {}).map(([id, { name }]) => [id, name]));
}
