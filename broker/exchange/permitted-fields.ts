import type { PullResponse } from '../../adapters/contract/wire-messages.ts';

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

/** A pushed update: per category one record of fields. */
export type CaseUpdate = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface ReleasedUpdate {
  /** Per category the record with only permitted fields; categories left empty are gone. */
  readonly data: Record<string, Record<string, unknown>>;
  readonly fields: readonly string[];
  readonly dropped: readonly string[];
}

/**
 * `keepPermitted` for a pushed update: the same rule, and a category none of whose fields
 * is permitted is not sent at all, so that a recipient never learns a category exists.
 *
 * @example
 * const { data, fields, dropped } = keepPermittedUpdate(update, decision.permitted);
 */
export function keepPermittedUpdate(
  update: CaseUpdate,
  permitted: Readonly<Record<string, readonly string[]>>,
): ReleasedUpdate {
  const released = keepPermitted(
    Object.fromEntries(Object.entries(update).map(([category, record]) => [category, [record]])),
    permitted,
  );
  const data: Record<string, Record<string, unknown>> = {};
  for (const [category, [record]] of Object.entries(released.data)) {
    if (record !== undefined && Object.keys(record).length > 0) data[category] = record;
  }
  return { data, fields: released.fields, dropped: released.dropped };
}
