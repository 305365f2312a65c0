import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * A providing organisation's decision about a legal-ground exception: for special
 * categories the policy counts an exception only for a provider that approved it, or
 * for the organisation that approved it itself. One decision per provider and exception,
 * as for a formal request; the reason stays here and never enters a domain event. The
 * case keys the rows too, so that the retention job deletes them with the case's other
 * data. Exceptions recorded before this migration have no decisions.
 */
export function exceptionProviderDecisions(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('exception_provider_decisions')
        .addColumn('exception_id', 'text', (c) =>
          c.notNull().references('legal_ground_exceptions.id'),
        )
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('decided_by_user', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('exception_provider_decisions_pk', ['exception_id', 'provider'])
        .execute();
    },
  };
}
