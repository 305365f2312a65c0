import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { addClosing } from '../../reports/case-statistics-table.ts';
import type { Database } from '../database.ts';

/**
 * The anonymous record of every closed case that the yearly report counts after the
 * retention job has deleted the case (broker/reports/). No column names the case or a
 * person and no foreign key leads to one; the retention job does not touch the table.
 * The cases closed before this migration get their records here, so that a reopen finds
 * an equal record to take out and their deletion does not lose them from the report.
 */
export function caseStatistics(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('case_statistics')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id'))
        .addColumn('closed_year', 'integer', (c) => c.notNull())
        .addColumn('case_type', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('life_domains', 'text', (c) => c.notNull())
        .addColumn('persons', 'text', (c) => c.notNull())
        .addColumn('phase_weeks', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('case_statistics_year')
        .on('case_statistics')
        .columns(['network_id', 'closed_year'])
        .execute();
      const store = db as Kysely<Database>;
      const closed = await store
        .selectFrom('cases')
        .select(['id', 'network_id', 'case_type', 'life_domains', 'phase', 'outcome', 'closed_at'])
        .where('phase', '=', 'closed')
        .execute();
      for (const row of closed) await addClosing(store, row);
    },
  };
}
