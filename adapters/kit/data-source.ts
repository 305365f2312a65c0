import type { TraceContext } from '../contract/trace-context.ts';

/** One record as the adapter releases it: declared field names to JSON values. */
export type ReleasedRecord = Readonly<Record<string, unknown>>;

export interface SourceQuery {
  readonly category: string;
  /** Normalised national identifier of the one person asked about. */
  readonly nationalId: string;
  /** The manifest's fields for the category: a source reads no more than these. */
  readonly fields: readonly string[];
  readonly trace: TraceContext;
}

/**
 * A partner system the adapter reads from. A person the source does not know yields an
 * empty list, never an error: the answer must not reveal whom the source knows.
 */
export interface DataSource {
  /** The fields the source has a mapping for in `category`; checked against the manifest at start. */
  mappedFields(category: string): readonly string[];
  records(query: SourceQuery): Promise<readonly ReleasedRecord[]>;
  close(): Promise<void>;
}
