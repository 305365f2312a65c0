import { createHmac } from 'node:crypto';
import type { CovenantVocabulary, VocabularyLookup } from '../../policy/covenant-vocabulary.ts';
import { deriveKey } from '../../store/aes-gcm-sealing.ts';
import type { AuditRecord, EventDetails } from './audit-record.ts';
import { canonicalJson } from './canonical-json.ts';

type Known = (name: string, words: CovenantVocabulary) => boolean;

const isCategory: Known = (name, words) => words.has(name);

/** `category.field`, both of the covenant. */
const isField: Known = (name, words) => {
  const dot = name.indexOf('.');
  return dot > 0 && words.get(name.slice(0, dot))?.has(name.slice(dot + 1)) === true;
};

/** The name lists of a record that an adapter or a caller can choose, and how each is checked. */
const NAME_LISTS = [
  { list: 'requestedCategories', known: isCategory, detail: 'unknown_requested_categories' },
  { list: 'categories', known: isCategory, detail: 'unknown_categories' },
  { list: 'fields', known: isField, detail: 'unknown_fields' },
  { list: 'droppedFields', known: isField, detail: 'unknown_dropped_fields' },
] as const;

/**
 * Keeps only the covenant's words in the names an entry records. An adapter chooses the
 * field names of its answer and a caller those of a push, and either can put anything
 * into a name, a national identifier too; the trail is permanent, so such a name is never
 * written. It is counted instead (`unknown_fields` in the entry's details) and digested
 * (`unknown_fields_digest`, see `digestOf`), which lets whoever holds the broker's
 * identifier secret check a suspected list of names later and tells anyone else nothing,
 * however short the names.
 *
 * @example
 * const vocabulary = new TrailVocabulary((network) => policy.vocabulary(network), secret);
 * const kept = vocabulary.restrict(record);
 */
export class TrailVocabulary {
  readonly #lookup: VocabularyLookup;
  readonly #digestKey: Uint8Array;

  /** `identifierSecret`: the broker's (identifier-secret.ts); the digest key comes from it. */
  constructor(lookup: VocabularyLookup, identifierSecret: Uint8Array) {
    this.#lookup = lookup;
    this.#digestKey = deriveKey(identifierSecret, 'zvh-broker audit unknown names v1');
  }

  /** HMAC-SHA-256 (hex) of the canonical JSON of the distinct names, sorted. */
  digestOf(names: readonly string[]): string {
    return createHmac('sha256', this.#digestKey)
      .update(canonicalJson([...new Set(names)].sort()))
      .digest('hex');
  }

  restrict(record: AuditRecord): AuditRecord {
    const words = this.#lookup(record.network);
    const kept: Record<string, readonly string[]> = {};
    const unknown: Record<string, string | number> = {};
    for (const { list, known, detail } of NAME_LISTS) {
      const names = record[list];
      if (names === undefined) continue;
      kept[list] = names.filter((name) => known(name, words));
      const others = [...new Set(names.filter((name) => !known(name, words)))].sort();
      if (others.length === 0) continue;
      unknown[detail] = others.length;
      unknown[`${detail}_digest`] = this.digestOf(others);
    }
    const details: EventDetails | undefined =
      Object.keys(unknown).length === 0 ? record.details : { ...record.details, ...unknown };
    return {
      ...record,
      ...kept,
      ...this.#restrictReasons(record, words),
      ...(details === undefined ? {} : { details }),
    };
  }

  /**
   * A reason about a category outside the vocabulary (CATEGORY_UNKNOWN of a name the
   * caller made up) keeps its code, without the name: the requested list counts it.
   */
  #restrictReasons(record: AuditRecord, words: CovenantVocabulary): Partial<AuditRecord> {
    if (record.categoryReasons === undefined) return {};
    const unknown = record.categoryReasons.filter((r) => !isCategory(r.category, words));
    if (unknown.length === 0) return {};
    return {
      reasons: [...(record.reasons ?? []), ...unknown.map((r) => r.code)],
      categoryReasons: record.categoryReasons.filter((r) => isCategory(r.category, words)),
    };
  }
}
