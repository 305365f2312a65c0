import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../sql-dialect-name.ts';

/**
 * An entry's subject (case id, person pseudonym, details) apart from its hash, so that it
 * can be erased once its case's retention has passed and the chain still verifies: new
 * entries carry a salted digest of the subject (`subject_sha256`, `subject_salt`), which
 * the chain hashes instead. The triggers that keep the trail append-only now let through
 * exactly one change: the erasure of a subject that has a digest, nothing else of the row.
 */
export function auditSubjectErasure(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ['subject_sha256', 'subject_salt', 'erased_at']) {
        await db.schema.alterTable('audit_entries').addColumn(column, 'text').execute();
      }
      const erasure = erasureCondition();
      if (dialect === 'postgres') {
        await sql`DROP TRIGGER audit_entries_append_only ON audit_entries`.execute(db);
        await sql`CREATE FUNCTION refuse_change_but_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF ${sql.raw(erasure)} THEN RETURN NEW; END IF;
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
          END $$`.execute(db);
        await sql`CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
          FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
        await sql`CREATE TRIGGER audit_entries_only_erasure BEFORE UPDATE ON audit_entries
          FOR EACH ROW EXECUTE FUNCTION refuse_change_but_erasure()`.execute(db);
        return;
      }
      await sql`DROP TRIGGER audit_entries_no_update`.execute(db);
      await sql`CREATE TRIGGER audit_entries_only_erasure BEFORE UPDATE ON audit_entries
        WHEN NOT (${sql.raw(erasure)})
        BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END`.execute(db);
    },
  };
}

/** Every column an erasure keeps, as this migration found the table. */
const KEPT_COLUMNS = [
  'seq',
  'at',
  'event_type',
  'network_id',
  'requester_organisation',
  'requester_user',
  'provider_organisation',
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
  'prev_hash',
  'hash',
  'requester_role',
  'recipient_organisation',
  'requested_categories',
  'reason_details',
  'subject_sha256',
] as const;

/**
 * NEW differs from OLD only in an erased subject: no salt, no case, no person, no details,
 * and the time of the erasure, on an entry whose subject has a digest and stood until now.
 */
function erasureCondition(): string {
  const unchanged = KEPT_COLUMNS.map(
    (column) => `NEW."${column}" IS NOT DISTINCT FROM OLD."${column}"`,
  );
  return [
    'OLD.subject_sha256 IS NOT NULL',
    'OLD.erased_at IS NULL',
    'NEW.erased_at IS NOT NULL',
    'NEW.subject_salt IS NULL',
    'NEW.case_id IS NULL',
    'NEW.person_pseudonym IS NULL',
    `NEW.details = '{}'`,
    ...unchanged,
  ].join(' AND ');
}
