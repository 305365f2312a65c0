import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The Idempotency-Key of each push a partner sent with one, for a day: a retried push with
 * the same key gets the first answer instead of being sent again. A key is the partner's
 * own, so the organisation is part of it.
 */
export function pushIdempotency(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('push_idempotency_keys')
        .addColumn('network_id', 'text', (c) => c.notNull())
        .addColumn('organisation', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('request_sha256', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('push_idempotency_keys_pk', [
          'network_id',
          'organisation',
          'idempotency_key',
        ])
        .execute();
      await db.schema
        .createIndex('push_idempotency_keys_expiry')
        .on('push_idempotency_keys')
        .column('expires_at')
        .execute();
    },
  };
}
