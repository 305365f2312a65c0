import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../sql-dialect-name.ts';

/**
 * The push exchange's outbox: a message waits here, sealed, until the recipient's adapter
 * has it. `seq` orders the messages per recipient, so that delivery keeps their order
 * across retries and restarts. The case keys the rows so that retention deletes them with
 * the case.
 */
export function pushOutbox(dialect: SqlDialectName): Migration {
  const sequence = (column: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? column.primaryKey().generatedAlwaysAsIdentity()
      : column.primaryKey().autoIncrement();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('push_outbox')
        .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', sequence)
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('network_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('person_id', 'text', (c) => c.references('persons.id'))
        .addColumn('sealed_message', 'text', (c) => c.notNull())
        .addColumn('audit', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addColumn('last_attempt_at', 'text')
        .addUniqueConstraint('push_outbox_recipient_message', ['recipient', 'message_id'])
        .execute();
      await db.schema
        .createIndex('push_outbox_recipient')
        .on('push_outbox')
        .columns(['recipient', 'seq'])
        .execute();
      await db.schema.createIndex('push_outbox_case').on('push_outbox').column('case_id').execute();
    },
  };
}
