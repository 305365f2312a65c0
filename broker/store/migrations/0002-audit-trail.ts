import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { EventDetails } from '../../audit/trail/audit-record.ts';
import { appendToChain } from '../../audit/trail/chain-append.ts';
import { GENESIS_HASH } from '../../audit/trail/entry-hash.ts';
import type { Database } from '../database.ts';
import type { SqlDialectName } from '../sql-dialect-name.ts';

interface DomainEventRow {
  occurred_at: string;
  network_id: string;
  actor_organisation: string;
  actor_user: string;
  event_type: string;
  case_id: string | null;
  person_pseudonym: string | null;
  details: string;
}

const EVENTS_PER_BATCH = 1000;

/**
 * The hash-chained audit trail, which takes the domain events over: the events recorded
 * so far become its first entries (in their order) and their table goes, so that every
 * change has one record and that record is tamper-evident.
 */
export function auditTrail(dialect: SqlDialectName): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_entries')
        .addColumn('seq', bigint, (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('network_id', 'text', (c) => c.notNull())
        .addColumn('requester_organisation', 'text')
        .addColumn('requester_user', 'text')
        .addColumn('provider_organisation', 'text')
        .addColumn('case_id', 'text')
        .addColumn('person_pseudonym', 'text')
        .addColumn('purpose', 'text')
        .addColumn('grounds', 'text', (c) => c.notNull())
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('dropped_fields', 'text', (c) => c.notNull())
        .addColumn('payload_sha256', 'text')
        .addColumn('decision', 'text')
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('policy_revision', 'text')
        .addColumn('request_id', 'text')
        .addColumn('exchange_id', 'text')
        .addColumn('traceparent', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_entries_case')
        .on('audit_entries')
        .columns(['case_id', 'seq'])
        .execute();

      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', bigint, (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await sql`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, ${GENESIS_HASH})`.execute(db);

      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('seq', bigint, (c) => c.primaryKey())
        .addColumn('head_hash', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('jws', 'text', (c) => c.notNull())
        .execute();

      await chainDomainEvents(db as Kysely<Database>);
      await db.schema.dropTable('domain_events').execute();
      // refuse_change() of the initial schema stays: the audit tables use it now.
      await appendOnly(db, dialect, 'audit_entries');
      await appendOnly(db, dialect, 'audit_checkpoints');
    },
  };
}

async function chainDomainEvents(db: Kysely<Database>): Promise<void> {
  const raw = db as unknown as Kysely<{ domain_events: DomainEventRow & { seq: number } }>;
  let after = 0;
  for (;;) {
    const events = await raw
      .selectFrom('domain_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(EVENTS_PER_BATCH)
      .execute();
    const last = events.at(-1);
    if (last === undefined) return;
    after = Number(last.seq);
    // A migration runs in a transaction of its own where the dialect allows, so no nested one here.
    await appendToChain(
      db,
      events.map((event) => ({
        type: `domain.${event.event_type}` as const,
        at: new Date(event.occurred_at),
        network: event.network_id,
        requester: { organisation: event.actor_organisation, user: event.actor_user },
        ...(event.case_id === null ? {} : { caseId: event.case_id }),
        ...(event.person_pseudonym === null ? {} : { personPseudonym: event.person_pseudonym }),
        details: JSON.parse(event.details) as EventDetails,
      })),
      new Date(),
      // As this migration's release wrote them: the subject columns come with 0009.
      { subjectApart: false },
    );
  }
}

/**
 * Triggers refuse to change or drop an entry. Anyone with the database owner's rights
 * can drop them: they stop mistakes, and the hash chain shows the rest.
 */
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
