import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The user assertions the broker has accepted, each until it could no longer be accepted
 * anyway: in the database, so that a restart does not forget one that could still be
 * replayed. The key is per organisation, so one partner's ids never collide with another's,
 * and the index counts one partner's live claims for its quota.
 */
export function assertionClaims(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('assertion_claims')
        .addColumn('organisation', 'text', (c) => c.notNull())
        .addColumn('assertion_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('assertion_claims_pk', ['organisation', 'assertion_id'])
        .execute();
      await db.schema
        .createIndex('assertion_claims_live')
        .on('assertion_claims')
        .columns(['organisation', 'expires_at'])
        .execute();
    },
  };
}
