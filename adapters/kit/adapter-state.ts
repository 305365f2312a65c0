import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

export interface InboxTable {
  /** Arrival order: the partner's systems take messages in the order the broker sent them. */
  seq: number | null;
  message_id: string;
  received_at: string;
  body: string;
}

export interface ReleaseLogTable {
  seq: number | null;
  released_at: string;
  exchange_id: string;
  purpose: string;
  category: string;
  /** JSON array of the field names released; values are never written here. */
  fields: string;
  record_count: number;
  trace_id: string;
}

/** The latest audit checkpoint of the broker this adapter witnessed: one row. */
export interface WitnessedCheckpointTable {
  origin: string;
  size: number;
  /** SHA-256 of the trail's head at `size`, hex. */
  hash: string;
  /** The signed note as the broker sent it. */
  note: string;
  received_at: string;
}

export interface AdapterStateTables {
  inbox: InboxTable;
  release_log: ReleaseLogTable;
  witnessed_checkpoint: WitnessedCheckpointTable;
}

export type AdapterStateDb = Kysely<AdapterStateTables>;

/**
 * The adapter's own durable state (inbox, release log and the witnessed checkpoint) in one
 * SQLite file under
 * `stateDir`, separate from any partner database.
 *
 * @example
 * const db = await openAdapterState('.state/adapters/politie-cn');
 */
export async function openAdapterState(stateDir: string): Promise<AdapterStateDb> {
  mkdirSync(stateDir, { recursive: true });
  const database = new SqliteDatabase(join(stateDir, 'adapter-state.sqlite'));
  // WAL lets the local reader run beside the broker's writes; FULL makes an acknowledged
  // push survive a power loss, which is what "stored durably" promises the broker.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  const db = new Kysely<AdapterStateTables>({ dialect: new SqliteDialect({ database }) });
  await db.schema
    .createTable('inbox')
    .ifNotExists()
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('release_log')
    .ifNotExists()
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('released_at', 'text', (c) => c.notNull())
    .addColumn('exchange_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addColumn('trace_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('witnessed_checkpoint')
    .ifNotExists()
    .addColumn('origin', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  return db;
}
