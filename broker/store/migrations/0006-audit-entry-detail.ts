import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { LEGACY_PUSH_CONDITION } from '../../audit/search/audit-scope.ts';

/**
 * What an entry needs to be audited from: the requester's role, the recipient apart from
 * the provider, the categories asked for (so that `categories` always means "released"),
 * and each reason code with the category it withheld. The columns are added empty: an
 * entry written before them hashes without them (see entry-hash.ts), so history is never
 * rewritten and stays verifiable. The indexes serve the privacy officer's searches, newest
 * first: by person, case, exchange, organisation in each part, period and trace; the
 * partial index holds only the pushes written before this migration, which name their
 * recipient in `details`, so that a partner's search need not read every entry without a
 * recipient to find them.
 */
export function auditEntryDetail(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const column of [
        'requester_role',
        'recipient_organisation',
        'requested_categories',
        'reason_details',
      ]) {
        await db.schema.alterTable('audit_entries').addColumn(column, 'text').execute();
      }
      const indexes: Record<string, string[]> = {
        audit_entries_person: ['person_pseudonym', 'seq'],
        audit_entries_exchange: ['exchange_id'],
        audit_entries_requester: ['requester_organisation', 'seq'],
        audit_entries_provider: ['provider_organisation', 'seq'],
        audit_entries_at: ['at'],
        audit_entries_trace: ['traceparent'],
      };
      for (const [name, columns] of Object.entries(indexes)) {
        await db.schema.createIndex(name).on('audit_entries').columns(columns).execute();
      }
      // Without its nulls (the entries that name no recipient), so that a search for a
      // legacy push's null recipient cannot take this index, which would have it read
      // every entry without a recipient.
      await db.schema
        .createIndex('audit_entries_recipient')
        .on('audit_entries')
        .columns(['recipient_organisation', 'seq'])
        .where('recipient_organisation', 'is not', null)
        .execute();
      await db.schema
        .createIndex('audit_entries_legacy_push')
        .on('audit_entries')
        .column('seq')
        .where(() => sql<SqlBool>`${sql.raw(LEGACY_PUSH_CONDITION)}`)
        .execute();
    },
  };
}
