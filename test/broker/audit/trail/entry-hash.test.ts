import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../broker/audit/trail/canonical-json.ts';
import {
  ADDED_COLUMNS,
  CONTENT_COLUMNS,
  entryHash,
  type HashedColumns,
  SUBJECT_COLUMNS,
} from '../../../../broker/audit/trail/entry-hash.ts';

const text = fc.string({ unit: 'binary' });
const optional = fc.option(text, { nil: null });

const columns: fc.Arbitrary<HashedColumns> = fc.record({
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  at: text,
  event_type: text,
  network_id: text,
  requester_organisation: optional,
  requester_user: optional,
  provider_organisation: optional,
  case_id: optional,
  person_pseudonym: optional,
  purpose: optional,
  grounds: text,
  categories: text,
  fields: text,
  dropped_fields: text,
  payload_sha256: optional,
  decision: optional,
  reasons: text,
  policy_revision: optional,
  request_id: optional,
  exchange_id: optional,
  traceparent: optional,
  details: text,
  prev_hash: text,
  requester_role: optional,
  recipient_organisation: optional,
  requested_categories: optional,
  reason_details: optional,
  subject_sha256: optional,
  subject_salt: optional,
  subject_version: fc.option(fc.constant(2), { nil: null }),
});

/**
 * The columns an entry hashes: an added column only when it holds a value, the subject
 * only where no digest stands in for it (with the categories where its version is 2), the
 * salt never.
 */
function hashed(row: HashedColumns): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).filter(([name, value]) => {
      const column = name as keyof HashedColumns;
      if (column === 'subject_salt') return false;
      if (SUBJECT_COLUMNS.has(column) && row.subject_sha256 !== null) return false;
      if (CONTENT_COLUMNS.has(column) && row.subject_version !== null) return false;
      return value !== null || !ADDED_COLUMNS.has(column);
    }),
  );
}

describe('the entry hash', () => {
  it('is SHA-256 over the canonical JSON of the columns, whatever text they hold', () => {
    fc.assert(
      fc.property(columns, (row) => {
        expect(entryHash(row)).toBe(hash('sha256', canonicalJson(hashed(row)), 'hex'));
      }),
    );
  });

  it('of an entry written before the added columns is the same once they exist, empty', () => {
    fc.assert(
      fc.property(columns, (row) => {
        const before = Object.fromEntries(
          Object.entries(row).filter(
            ([c]) => !ADDED_COLUMNS.has(c as keyof HashedColumns) && c !== 'subject_salt',
          ),
        );
        const empty = { ...row, requester_role: null, recipient_organisation: null };
        const after = {
          ...empty,
          requested_categories: null,
          reason_details: null,
          subject_sha256: null,
          subject_salt: null,
          subject_version: null,
        };
        expect(entryHash(after)).toBe(hash('sha256', canonicalJson(before), 'hex'));
      }),
    );
  });

  it('changes when a value is put into an added column or taken out of it', () => {
    fc.assert(
      fc.property(columns, text, (row, role) => {
        const emptied = { ...row, requester_role: null };
        const filled = { ...row, requester_role: role };
        expect(entryHash(filled)).not.toBe(entryHash(emptied));
      }),
    );
  });

  it("hashes PostgreSQL's bigint text as the number it is", () => {
    fc.assert(
      fc.property(columns, (row) => {
        const fromPostgres = { ...row, seq: String(row.seq) } as unknown as HashedColumns;
        expect(entryHash(fromPostgres)).toBe(entryHash(row));
      }),
    );
  });
});
