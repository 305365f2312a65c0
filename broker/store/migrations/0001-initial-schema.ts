import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../sql-dialect-name.ts';

/**
 * Networks, partners, cases and every fact the exchange policy decides on, and the
 * append-only domain events. Foreign keys do not cascade: the retention job deletes each
 * table explicitly, so that what it deleted can be counted.
 */
export function initialSchema(dialect: SqlDialectName): Migration {
  const sequence = (column: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? column.primaryKey().generatedAlwaysAsIdentity()
      : column.primaryKey().autoIncrement();
  const sequenceType = dialect === 'postgres' ? 'bigint' : 'integer';

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('networks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('coordinator_organisation', 'text', (c) => c.notNull())
        .addColumn('covenant_version', 'text')
        .addColumn('retention_years', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('partners')
        .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id'))
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('joined_at', 'text', (c) => c.notNull())
        .addColumn('withdrawn_at', 'text')
        .addPrimaryKeyConstraint('partners_pk', ['network_id', 'organisation_id'])
        .execute();

      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id'))
        .addColumn('case_type', 'text', (c) => c.notNull())
        .addColumn('criteria', 'text', (c) => c.notNull())
        .addColumn('life_domains', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('registered_by_organisation', 'text', (c) => c.notNull())
        .addColumn('registered_by_user', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('triage_decision', 'text')
        .addColumn('shadow_review_at', 'text')
        .addColumn('outcome', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('cases_retention')
        .on('cases')
        .columns(['phase', 'closed_at'])
        .execute();

      await db.schema
        .createTable('case_phases')
        .addColumn('seq', sequenceType, sequence)
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('case_phases_case')
        .on('case_phases')
        .columns(['case_id', 'entered_at'])
        .execute();

      await db.schema
        .createTable('persons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('pseudonym', 'text', (c) => c.notNull())
        .addColumn('national_id_sealed', 'text', (c) => c.notNull())
        .addColumn('age_band', 'text', (c) => c.notNull())
        .addColumn('gender', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('persons_case_pseudonym', ['case_id', 'pseudonym'])
        .execute();
      await db.schema.createIndex('persons_pseudonym').on('persons').column('pseudonym').execute();

      await db.schema
        .createTable('participants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema
        .createIndex('participants_case')
        .on('participants')
        .columns(['case_id', 'organisation_id', 'user_id'])
        .execute();

      for (const [table, startColumn] of [
        ['consents', 'given_at'],
        ['objections', 'made_at'],
      ] as const) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
          .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
          .addColumn('recipient', 'text', (c) => c.notNull())
          .addColumn('categories', 'text')
          .addColumn('given_by', 'text', (c) => c.notNull())
          .addColumn('obtained_how', 'text', (c) => c.notNull())
          .addColumn(startColumn, 'text', (c) => c.notNull())
          .addColumn('recorded_by_organisation', 'text', (c) => c.notNull())
          .addColumn('recorded_by_user', 'text', (c) => c.notNull())
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .addColumn('withdrawn_at', 'text')
          .execute();
        await db.schema
          .createIndex(`${table}_person`)
          .on(table)
          .columns(['person_id', 'recipient'])
          .execute();
      }

      await db.schema
        .createTable('legal_ground_exceptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('justification', 'text', (c) => c.notNull())
        .addColumn('approved_by_organisation', 'text', (c) => c.notNull())
        .addColumn('approved_by_user', 'text', (c) => c.notNull())
        .addColumn('approved_by_role', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('legal_ground_exceptions_person')
        .on('legal_ground_exceptions')
        .columns(['person_id', 'recipient'])
        .execute();

      await db.schema
        .createTable('formal_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('requester', 'text', (c) => c.notNull())
        .addColumn('requested_by_user', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('exchange_ids', 'text', (c) => c.notNull())
        .addColumn('justification', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('decided_by_user', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_reason', 'text')
        .addColumn('expires_at', 'text')
        .execute();
      await db.schema
        .createIndex('formal_requests_person')
        .on('formal_requests')
        .columns(['person_id', 'requester'])
        .execute();

      await db.schema
        .createTable('domain_events')
        .addColumn('seq', sequenceType, sequence)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('network_id', 'text', (c) => c.notNull())
        .addColumn('actor_organisation', 'text', (c) => c.notNull())
        .addColumn('actor_user', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('person_pseudonym', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('domain_events_case')
        .on('domain_events')
        .columns(['case_id', 'seq'])
        .execute();
      await appendOnly(db, dialect, 'domain_events');
    },
  };
}

/** The audit trail's predecessor: the database itself refuses to change or drop an event. */
async function appendOnly(db: Kysely<unknown>, dialect: SqlDialectName, table: string) {
  const name = sql.id(table);
  if (dialect === 'postgres') {
    await sql`CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${name}
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
    return;
  }
  for (const operation of ['UPDATE', 'DELETE'] as const) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_${operation.toLowerCase()}`)}
      BEFORE ${sql.raw(operation)} ON ${name}
      BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only`)}); END`.execute(db);
  }
}
