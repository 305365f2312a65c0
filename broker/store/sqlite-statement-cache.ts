import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/**
 * Far more than the query shapes the broker makes, so the hot ones never leave; a
 * multi-row insert of each batch size is a shape of its own, hence the bound.
 */
const DEFAULT_CAPACITY = 256;

/**
 * The database as Kysely's SQLite dialect sees it, with each statement compiled once.
 * Kysely calls `prepare` for every query, and SQLite's compile cost about a tenth of the
 * broker's time on a pull; a compiled statement is reused with new parameters instead.
 * Reuse is safe because Kysely runs one query at a time on its single SQLite connection
 * and `all`/`run` finish before the next begins.
 *
 * @example
 * new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
 */
export function cachingStatements(
  database: SqliteDatabase.Database,
  capacity = DEFAULT_CAPACITY,
): KyselySqliteDatabase {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new TypeError('capacity must be a positive integer');
  }
  // Map keeps insertion order: re-inserting on use makes the first key the least recently used.
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      database.close();
    },
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= capacity) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      } else {
        statements.delete(sql);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
