import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { InCodeMigrationProvider } from './migrations/in-code-migration-provider.ts';
import type { SqlDialectName } from './sql-dialect-name.ts';

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialectName;
}

/**
 * Opens the database a URL names and brings its schema up to date before anything reads
 * it. `sqlite:<file>` is the embedded default; `postgres://` or `postgresql://` scales out.
 *
 * @example
 * const { db } = await openDatabase('sqlite:.state/broker.sqlite');
 */
export async function openDatabase(url: string): Promise<OpenDatabase> {
  const opened = connect(url);
  const migrator = new Migrator({
    db: opened.db,
    provider: new InCodeMigrationProvider(opened.dialect),
    ...(opened.dialect === 'postgres'
      ? { migrationTableSchema: await currentSchema(opened.db) }
      : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    await opened.db.destroy();
    throw new Error('database migration failed', { cause: error });
  }
  return opened;
}

/**
 * Kysely looks for its migration tables in every schema the user can see: on a server
 * that holds several schemas it finds another schema's tables and never creates its own.
 */
async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined) throw new Error('the PostgreSQL search path names no schema');
  return schema;
}

function connect(url: string): OpenDatabase {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
    };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === '') throw new TypeError('sqlite: URL needs a file path');
    mkdirSync(dirname(file), { recursive: true });
    const database = new SqliteDatabase(file);
    // WAL lets readers run beside the writer; FULL makes a committed change survive power loss.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    return {
      db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }),
      dialect: 'sqlite',
    };
  }
  throw new TypeError('database URL must start with sqlite:, postgres:// or postgresql://');
}
