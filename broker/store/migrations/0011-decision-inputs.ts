import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { SqlDialectName } from '../sql-dialect-name.ts';

/**
 * The policy input of every pull and push decision, with the outcome the broker acted on,
 * so that `npm run covenant -- impact` can decide them again under a candidate bundle. The
 * input names cases, organisations and record ids, never a person; the case keys the rows
 * (with a foreign key, so that no row can outlive its case) and the retention job deletes
 * them with the case's other data. `seq` breaks ties between decisions of the same moment,
 * so that the report pages through a window in one stable order.
 */
export function decisionInputs(dialect: SqlDialectName): Migration {
  const sequence = (column: ColumnDefinitionBuilder) =>
    dialect === 'postgres'
      ? column.primaryKey().generatedAlwaysAsIdentity()
      : column.primaryKey().autoIncrement();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('decision_inputs')
        .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', sequence)
        .addColumn('network_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('permitted_categories', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('policy_revision', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('decision_inputs_window')
        .on('decision_inputs')
        .columns(['network_id', 'decided_at', 'seq'])
        .execute();
      await db.schema
        .createIndex('decision_inputs_case')
        .on('decision_inputs')
        .column('case_id')
        .execute();
    },
  };
}
