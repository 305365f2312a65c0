import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The joint plan's actions, the network's shadow-list review term and the case lists.
 * The review term comes from the covenant data when a network is seeded; an existing
 * network gets the protocol's half year, the term every covenant states so far. Lists
 * page newest first by registration, so that index serves every list of a network.
 */
export function caseActions(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('networks')
        .addColumn('shadow_review_months', 'integer', (c) => c.notNull().defaultTo(sql.lit(6)))
        .execute();

      await db.schema
        .createTable('case_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('meeting_on', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('agreed_by_organisation', 'text', (c) => c.notNull())
        .addColumn('agreed_by_user', 'text', (c) => c.notNull())
        .addColumn('agreed_at', 'text', (c) => c.notNull())
        .addColumn('status_changed_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('case_actions_case')
        .on('case_actions')
        .columns(['case_id', 'due_on'])
        .execute();

      await db.schema
        .createIndex('cases_newest')
        .on('cases')
        .columns(['network_id', 'registered_at', 'id'])
        .execute();
    },
  };
}
