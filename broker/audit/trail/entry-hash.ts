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
  'subject_version',
];

/** What an entry says about whom: hashed through `subject_sha256` where the entry has one. */
export const SUBJECT_COLUMNS: ReadonlySet<keyof HashedColumns> = new Set([
  'case_id',
  'person_pseudonym',
  'details',
]);

/**
 * The subject's version from migration 0013 on: the subject also holds what the entry says
 * was asked, released and withheld, so that the erasure takes the categories too.
 */
export const CONTENT_SUBJECT_VERSION = 2;

/**
 * What an entry says was asked, released and withheld, and the ground per category (keyed
 * by category, so it names them too): part of the subject (hashed through `subject_sha256`)
 * where the entry has `subject_version` 2, in the chain itself before.
 */
export const CONTENT_COLUMNS: ReadonlySet<keyof HashedColumns> = new Set([
  'categories',
  'fields',
  'dropped_fields',
  'grounds',
  'requested_categories',
  'reason_details',
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
  'subject_version',
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
 * itself, less the added columns that are null and the subject where a digest stands in
 * for it: `seq` and `prev_hash` included, so an
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
    if (CONTENT_COLUMNS.has(column) && columns.subject_version != null) continue;
    text += CANONICAL_PREFIXES[i] + JSON.stringify(value);
  }
  return hash('sha256', `${text}}`, 'hex');
}

/** The columns of an entry's subject, as subjectHash reads them. */
export type SubjectColumns = Pick<
  HashedColumns,
  | 'case_id'
  | 'details'
  | 'person_pseudonym'
  | 'subject_salt'
  | 'subject_version'
  | 'categories'
  | 'fields'
  | 'dropped_fields'
  | 'grounds'
  | 'requested_categories'
  | 'reason_details'
>;

/** The subject an erased entry holds: nothing; of a version-2 subject, no categories either. */
export const ERASED_SUBJECT = { case_id: null, details: '{}', person_pseudonym: null } as const;
export const ERASED_CONTENT = {
  categories: '[]',
  fields: '[]',
  dropped_fields: '[]',
  grounds: '{}',
  requested_categories: null,
  reason_details: null,
} as const;

/**
 * SHA-256 (hex) over the canonical JSON of an entry's subject and salt, as its
 * `subject_sha256`. Keys in sorted order, as canonicalJson would put them.
 */
export function subjectHash(subject: SubjectColumns): string {
  return hash('sha256', subjectJson(subject), 'hex');
}

/** An entry's subject with its salt as canonical JSON: version 2 with the categories. */
export function subjectJson(subject: SubjectColumns): string {
  const q = JSON.stringify;
  if (subject.subject_version == null) {
    return `{"case_id":${q(subject.case_id)},"details":${q(subject.details)},"person_pseudonym":${q(subject.person_pseudonym)},"salt":${q(subject.subject_salt)}}`;
  }
  return `{"case_id":${q(subject.case_id)},"categories":${q(subject.categories)},"details":${q(subject.details)},"dropped_fields":${q(subject.dropped_fields)},"fields":${q(subject.fields)},"grounds":${q(subject.grounds)},"person_pseudonym":${q(subject.person_pseudonym)},"reason_details":${q(subject.reason_details)},"requested_categories":${q(subject.requested_categories)},"salt":${q(subject.subject_salt)}}`;
}

/** The subject JSON of an erased entry of either version: the verifier accepts only these. */
export const ERASED_SUBJECT_JSONS: ReadonlySet<string> = new Set(
  [null, CONTENT_SUBJECT_VERSION].map((version) =>
    subjectJson({
      ...ERASED_SUBJECT,
      ...ERASED_CONTENT,
      subject_salt: null,
      subject_version: version,
    }),
  ),
);
