import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Database } from './database.ts';
import { parseDatabaseUrl } from './database-url.ts';
import { InCodeMigrationProvider } from './migrations/in-code-migration-provider.ts';
import { OwnSchemaPostgresDialect } from './postgres-dialect.ts';
import type { SqlDialectName } from './sql-dialect-name.ts';
import { RollbackAwareSqliteDialect } from './sqlite-dialect.ts';
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
  const opened = connectDatabase(url);
  const error = await migrate(opened).catch((caught: unknown) => caught);
  if (error !== undefined) {
    await opened.db.destroy();
    throw new Error('database migration failed', { cause: error });
  }
  return opened;
}

/** Resolves with the migrator's error, if any; rejects if the database cannot be asked. */
async function migrate({ db, dialect }: OpenDatabase): Promise<unknown> {
  const schema = dialect === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(dialect),
    // Kysely looks for its bookkeeping tables in every schema it can see unless told which:
    // another schema's tables in the same database would make it skip creating ours.
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateToLatest();
  return error;
}

/** The schema unqualified names resolve to: the first of the search path that exists. */
async function currentSchema(db: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(
    db,
  );
  return rows[0]?.schema ?? undefined;
}

/** The database a URL names, as it is: not migrated. */
export function connectDatabase(url: string): OpenDatabase {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    return {
      db: new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) }),
      dialect: 'postgres',
    };
  }
  mkdirSync(dirname(target.file), { recursive: true });
  const database = new SqliteDatabase(target.file);
  // WAL lets readers run beside the writer; FULL makes a committed change survive power loss.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  // A deleted row's bytes are overwritten: a case past retention is gone from the file too.
  database.pragma('secure_delete = ON');
  database.pragma('busy_timeout = 5000');
  return {
    db: new Kysely<Database>({
      dialect: new RollbackAwareSqliteDialect(database, {
        database: cachingStatements(database),
      }),
    }),
    dialect: 'sqlite',
  };
}
