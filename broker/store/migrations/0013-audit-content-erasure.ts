import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../sql-dialect-name.ts';

/**
 * The trail's own retention, and categories that can be erased. An entry written from now
 * on holds what it says was asked, released and withheld (categories, field names,
 * requested categories, reason details, and the grounds, keyed by category) in its subject, behind the subject's digest
 * (`subject_version` 2), so that the erasure takes them too and the chain still verifies;
 * an entry written before keeps them in the chain and verifies as it did. Each network gets
 * a term after which every entry's subject is erased however long its case runs
 * (`audit_retention_years`, from the covenant data when a network is seeded; an existing
 * network gets five years, the default covenant-content.ts states), and a partial index finds the entries
 * still standing by time. The append-only triggers now also let the categories of a
 * version-2 entry be erased with its subject, and nothing else.
 */
export function auditContentErasure(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_entries').addColumn('subject_version', 'integer').execute();
      await db.schema
        .alterTable('networks')
        .addColumn('audit_retention_years', 'integer', (c) => c.notNull().defaultTo(sql.lit(5)))
        .execute();
      await db.schema
        .createIndex('audit_entries_standing')
        .on('audit_entries')
        .columns(['network_id', 'at'])
        .where(() => sql<SqlBool>`erased_at IS NULL AND subject_sha256 IS NOT NULL`)
        .execute();
      const erasure = erasureCondition();
      if (dialect === 'postgres') {
        await sql`CREATE OR REPLACE FUNCTION refuse_change_but_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF ${sql.raw(erasure)} THEN RETURN NEW; END IF;
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
          END $$`.execute(db);
        return;
      }
      await sql`DROP TRIGGER audit_entries_only_erasure`.execute(db);
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
  'subject_sha256',
  'subject_version',
] as const;

/** What an entry says was asked, released and withheld, and on which ground: erased only from a version-2 subject. */
const CONTENT_COLUMNS = [
  'categories',
  'fields',
  'dropped_fields',
  'grounds',
  'requested_categories',
  'reason_details',
] as const;

/**
 * NEW differs from OLD only in an erased subject: no salt, no case, no person, no details,
 * and the time of the erasure, on an entry whose subject has a digest and stood until now;
 * where the subject is of version 2, no categories or fields either, else those unchanged.
 */
function erasureCondition(): string {
  const same = (column: string) => `NEW."${column}" IS NOT DISTINCT FROM OLD."${column}"`;
  const contentKept = CONTENT_COLUMNS.map(same).join(' AND ');
  const contentErased = [
    `NEW.categories = '[]'`,
    `NEW.fields = '[]'`,
    `NEW.dropped_fields = '[]'`,
    `NEW.grounds = '{}'`,
    'NEW.requested_categories IS NULL',
    'NEW.reason_details IS NULL',
  ].join(' AND ');
  return [
    'OLD.subject_sha256 IS NOT NULL',
    'OLD.erased_at IS NULL',
    'NEW.erased_at IS NOT NULL',
    'NEW.subject_salt IS NULL',
    'NEW.case_id IS NULL',
    'NEW.person_pseudonym IS NULL',
    `NEW.details = '{}'`,
    ...KEPT_COLUMNS.map(same),
    `((OLD.subject_version IS NULL AND ${contentKept}) OR (OLD.subject_version IS NOT NULL AND ${contentErased}))`,
  ].join(' AND ');
}
