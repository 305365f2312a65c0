import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../sql-dialect-name.ts';

/**
 * Covenant versions as content, and each partner's signed decisions about them. Both
 * tables only grow: a version is identified by the digest of its content, so a changed row
 * would no longer be the version its decisions name; a decision is a signed statement of
 * the partner's, kept as it came, and a later decision (a revoke) is a new row. The
 * decisions' `position` counts one organisation's decisions about one version: two
 * decisions racing for the same place cannot both commit.
 */
export function covenantVersions(dialect: SqlDialectName): Migration {
  const sequence = (column: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? column.primaryKey().generatedAlwaysAsIdentity()
      : column.primaryKey().autoIncrement();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('covenant_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('not_before', 'text', (c) => c.notNull())
        .addColumn('not_after', 'text', (c) => c.notNull())
        .addColumn('proposed_at', 'text', (c) => c.notNull())
        .addColumn('proposed_by_organisation', 'text', (c) => c.notNull())
        .addColumn('proposed_by_user', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('covenant_versions_network')
        .on('covenant_versions')
        .columns(['network_id', 'proposed_at'])
        .execute();

      await db.schema
        .createTable('covenant_decisions')
        .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', sequence)
        .addColumn('version_id', 'text', (c) => c.notNull().references('covenant_versions.id'))
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by_user', 'text', (c) => c.notNull())
        .addColumn('jws', 'text', (c) => c.notNull())
        .addColumn('certificate_pem', 'text', (c) => c.notNull())
        .addUniqueConstraint('covenant_decisions_place', [
          'version_id',
          'organisation_id',
          'position',
        ])
        .execute();

      await appendOnly(db, dialect, 'covenant_versions');
      await appendOnly(db, dialect, 'covenant_decisions');
    },
  };
}

/** As the audit trail's tables (0002): triggers refuse to change or delete a row. */
async function appendOnly(db: Kysely<unknown>, dialect: SqlDialectName, table: string) {
  const name = sql.id(table);
  if (dialect === 'postgres') {
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
