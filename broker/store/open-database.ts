import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { InCodeMigrationProvider } from './migrations/in-code-migration-provider.ts';
import type { SqlDialectName } from './sql-dialect-name.ts';
import { cachingStatements } from './sqlite-statement-cache.ts';

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
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    await opened.db.destroy();
    throw new Error('database migration failed', { cause: error });
  }
  return opened;
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
      db: new Kysely<Database>({
        dialect: new SqliteDialect({ database: cachingStatements(database) }),
      }),
      dialect: 'sqlite',
    };
  }
  throw new TypeError('database URL must start with sqlite:, postgres:// or postgresql://');
}
