import type SqliteDatabase from 'better-sqlite3';
import {
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

/**
 * Kysely's SQLite dialect, except that it does not roll back a transaction SQLite has
 * already rolled back itself. SQLite does that on a full disk, an I/O error or lack of
 * memory; Kysely's ROLLBACK then fails with "cannot rollback - no transaction is active",
 * and that error replaced the one that said what went wrong ("database or disk is full").
 *
 * @example
 * new Kysely<Database>({ dialect: new RollbackAwareSqliteDialect(database, { database: cached }) });
 */
export class RollbackAwareSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase.Database;
  readonly #config: SqliteDialectConfig;

  constructor(database: SqliteDatabase.Database, config: SqliteDialectConfig) {
    super(config);
    this.#database = database;
    this.#config = config;
  }

  override createDriver(): Driver {
    return new RollbackAwareSqliteDriver(this.#database, this.#config);
  }
}

class RollbackAwareSqliteDriver extends SqliteDriver {
  readonly #database: SqliteDatabase.Database;

  constructor(database: SqliteDatabase.Database, config: SqliteDialectConfig) {
    super(config);
    this.#database = database;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#database.inTransaction) await super.rollbackTransaction(connection);
  }
}
