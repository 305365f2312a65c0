import type { ReleasedRecord } from './data-source.ts';

/**
 * Keeps exactly the declared fields of a record, whatever a data source returned: the last
 * gate before a value leaves the adapter. A declared field the source lacks becomes null,
 * so every record of a category has the same shape.
 *
 * @example
 * projectRecord({ in_treatment: true, diagnosis: 'F43.1' }, ['in_treatment']);
 * // { in_treatment: true }
 */
export function projectRecord(record: ReleasedRecord, fields: readonly string[]): ReleasedRecord {
  const projected: Record<string, unknown> = {};
  for (const field of fields) {
    projected[field] = Object.hasOwn(record, field) ? (record[field] ?? null) : null;
  }
  return Object.freeze(projected);
}
