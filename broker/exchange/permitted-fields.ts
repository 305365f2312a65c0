import type { PullResponse } from '../../adapters/kit/adapter-contract.ts';

export type ReleasedData = Record<string, Record<string, unknown>[]>;

export interface Released {
  /** Per category the records, each holding only permitted fields. */
  readonly data: ReleasedData;
  /** `category.field` names that leave the broker, for the audit trail. */
  readonly fields: readonly string[];
  /** `category.field` names the adapter sent that the decision did not permit. */
  readonly dropped: readonly string[];
}

/**
 * Keeps from an adapter's answer only the fields the policy decision permits per
 * category; a whole category the decision does not name is dropped. The adapter is
 * trusted for nothing: its manifest may be wider than the decision, or wrong.
 *
 * @example
 * const { data, fields, dropped } = keepPermitted(answer.categories, decision.permitted);
 */
export function keepPermitted(
  categories: PullResponse['categories'],
  permitted: Readonly<Record<string, readonly string[]>>,
): Released {
  const data: ReleasedData = {};
  const fields = new Set<string>();
  const dropped = new Set<string>();
  for (const [category, records] of Object.entries(categories)) {
    const allowed = new Set(Object.hasOwn(permitted, category) ? permitted[category] : []);
    const kept = records.map((record) =>
      Object.fromEntries(
        Object.entries(record).filter(([field]) => {
          (allowed.has(field) ? fields : dropped).add(`${category}.${field}`);
          return allowed.has(field);
        }),
      ),
    );
    if (allowed.size > 0) data[category] = kept;
  }
  return { data, fields: [...fields].sort(), dropped: [...dropped].sort() };
}
