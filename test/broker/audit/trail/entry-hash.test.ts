import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../broker/audit/trail/canonical-json.ts';
import { entryHash, type HashedColumns } from '../../../../broker/audit/trail/entry-hash.ts';

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
});

describe('the entry hash', () => {
  it('is SHA-256 over the canonical JSON of the columns, whatever text they hold', () => {
    fc.assert(
      fc.property(columns, (row) => {
        expect(entryHash(row)).toBe(hash('sha256', canonicalJson(row), 'hex'));
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
