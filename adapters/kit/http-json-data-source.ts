import { formatTraceparent, TRACEPARENT_HEADER } from '../contract/trace-context.ts';
import { ConfigInvalidError, SourceUnavailableError } from './adapter-error.ts';
import type { DataSource, ReleasedRecord, SourceQuery } from './data-source.ts';

/** How one category is read from the partner's existing JSON API. */
export interface HttpJsonCategoryMapping {
  /** `{nationalId}` is replaced by the URL-encoded identifier. */
  readonly url: string;
  /** Dotted path to the array of records in the answer; absent: the answer is the array. */
  readonly recordsAt?: string | undefined;
  /** Per declared field, the dotted path it is read from in one source record. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface HttpJsonDataSourceOptions {
  readonly categories: Readonly<Record<string, HttpJsonCategoryMapping>>;
  readonly timeoutMs?: number;
  /** Sent as is to the partner system, for example an API key of its own. */
  readonly headers?: Readonly<Record<string, string>>;
}

const PERSON_PLACEHOLDER = '{nationalId}';

function at(value: unknown, path: string | undefined): unknown {
  if (path === undefined || path === '') return value;
  let current = value;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/**
 * Reads each category from a URL of the partner's JSON API and maps the declared fields
 * out of each record; everything else in the answer is left behind. A 404 means the
 * system does not know the person: an empty result. The adapter's trace continues to the
 * partner system in `traceparent`.
 *
 * @example
 * const source = new HttpJsonDataSource({ categories: { mental_health_treatment: {
 *   url: 'http://127.0.0.1:7000/clients/{nationalId}/treatment',
 *   fields: { in_treatment: 'active', contact_person: 'practitioner.name' } } } });
 */
export class HttpJsonDataSource implements DataSource {
  readonly #categories: ReadonlyMap<string, HttpJsonCategoryMapping>;
  readonly #timeoutMs: number;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(options: HttpJsonDataSourceOptions) {
    for (const [category, mapping] of Object.entries(options.categories)) {
      if (!mapping.url.includes(PERSON_PLACEHOLDER) || !URL.canParse(mapping.url)) {
        throw new ConfigInvalidError(
          `http mapping of ${category}: url must be absolute and contain ${PERSON_PLACEHOLDER}`,
        );
      }
    }
    this.#categories = new Map(Object.entries(options.categories));
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#headers = options.headers ?? {};
  }

  mappedFields(category: string): readonly string[] {
    return Object.keys(this.#categories.get(category)?.fields ?? {});
  }

  async records(query: SourceQuery): Promise<readonly ReleasedRecord[]> {
    const mapping = this.#categories.get(query.category);
    if (mapping === undefined) return [];
    const url = mapping.url.replaceAll(PERSON_PLACEHOLDER, encodeURIComponent(query.nationalId));
    let body: unknown;
    try {
      const response = await fetch(url, {
        headers: {
          ...this.#headers,
          accept: 'application/json',
          [TRACEPARENT_HEADER]: formatTraceparent(query.trace),
        },
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return [];
      }
      if (!response.ok) throw new Error(`status ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new SourceUnavailableError(error);
    }
    const found = at(body, mapping.recordsAt);
    const list = Array.isArray(found) ? found : found === undefined ? [] : [found];
    return list.map((record: unknown) => {
      const mapped: Record<string, unknown> = {};
      for (const field of query.fields) {
        const path = mapping.fields[field];
        if (path !== undefined) mapped[field] = at(record, path) ?? null;
      }
      return mapped;
    });
  }

  async close(): Promise<void> {}
}
