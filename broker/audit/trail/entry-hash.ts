import { hash } from 'node:crypto';
import type { AuditEntriesTable } from './audit-tables.ts';

/** The `prev_hash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns an entry is appended with; `erased_at` is set only by an erasure. */
export type HashedColumns = Omit<AuditEntriesTable, 'hash' | 'erased_at'>;

const HASHED_COLUMNS: readonly (keyof HashedColumns)[] = [
  'seq',
  'at',
  'event_type',
  'network_id',
  'requester_organisation',
  'requester_user',
  'provider_organisation',
  'case_id',
  'person_pseudonym',
  'purpose',
  'grounds',
  'categories',
  'fields',
  'dropped_fields',
  'payload_sha256',
  'decision',
  'reasons',
  'policy_revision',
  'request_id',
  'exchange_id',
  'traceparent',
  'details',
  'prev_hash',
  'requester_role',
  'recipient_organisation',
  'requested_categories',
  'reason_details',
  'subject_sha256',
];

/** What an entry says about whom: hashed through `subject_sha256` where the entry has one. */
export const SUBJECT_COLUMNS: ReadonlySet<keyof HashedColumns> = new Set([
  'case_id',
  'person_pseudonym',
  'details',
]);

/**
 * Columns added after entries were written without them (migration 0006): hashed only
 * when they hold a value, so that every entry written before keeps its hash, and a value
 * added to or removed from one later changes it.
 */
export const ADDED_COLUMNS: ReadonlySet<keyof HashedColumns> = new Set([
  'requester_role',
  'recipient_organisation',
  'requested_categories',
  'reason_details',
  'subject_sha256',
]);

// The columns are fixed and flat, so their canonical JSON is these key prefixes in sorted
// order and each value's JSON: the verifier's hot loop then sorts and allocates nothing.
export const SORTED_HASHED_COLUMNS: readonly (keyof HashedColumns)[] = [...HASHED_COLUMNS].sort();
const SORTED = SORTED_HASHED_COLUMNS;
/** `{"at":`, `,"case_id":`, ...: what precedes each column's value in the canonical JSON. */
export const CANONICAL_PREFIXES = SORTED.map(
  (column, i) => `${i === 0 ? '{' : ','}${JSON.stringify(column)}:`,
);

/**
 * SHA-256 (hex) over the canonical JSON (RFC 8785) of every stored column but `hash`
 * itself, less the added columns that are null: `seq` and `prev_hash` included, so an
 * entry moved to another place no longer matches. `seq` may arrive as a string
 * (PostgreSQL's bigint) and is hashed as a number.
 *
 * @example
 * const ok = entryHash(row) === row.hash;
 */
export function entryHash(columns: HashedColumns): string {
  let text = '';
  for (let i = 0; i < SORTED.length; i++) {
    const column = SORTED[i] as keyof HashedColumns;
    const value = column === 'seq' ? Number(columns.seq) : columns[column];
    if ((value === null || value === undefined) && ADDED_COLUMNS.has(column)) continue;
    if (SUBJECT_COLUMNS.has(column) && columns.subject_sha256 != null) continue;
    text += CANONICAL_PREFIXES[i] + JSON.stringify(value);
  }
  return hash('sha256', `${text}}`, 'hex');
}

/** The subject an erased entry holds: nothing. */
export const ERASED_SUBJECT = { case_id: null, details: '{}', person_pseudonym: null } as const;

/**
 * SHA-256 (hex) over the canonical JSON of an entry's subject and salt, as its
 * `subject_sha256`. Keys in sorted order, as canonicalJson would put them.
 */
export function subjectHash(
  subject: Pick<HashedColumns, 'case_id' | 'details' | 'person_pseudonym' | 'subject_salt'>,
): string {
  return hash('sha256', subjectJson(subject), 'hex');
}

export function subjectJson(
  subject: Pick<HashedColumns, 'case_id' | 'details' | 'person_pseudonym' | 'subject_salt'>,
): string {
  return `{"case_id":${JSON.stringify(subject.case_id)},"details":${JSON.stringify(subject.details)},"person_pseudonym":${JSON.stringify(subject.person_pseudonym)},"salt":${JSON.stringify(subject.subject_salt)}}`;
}
