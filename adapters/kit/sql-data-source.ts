import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { ConfigInvalidError, SourceUnavailableError } from './adapter-error.ts';
import type { DataSource, ReleasedRecord, SourceQuery } from './data-source.ts';

/** How one category is read from a table of the partner's database. */
export interface SqlCategoryMapping {
  readonly table: string;
  /** The column holding the person's national identifier. */
  readonly personColumn: string;
  /** Per declared field, the column it is read from. */
  readonly columns: Readonly<Record<string, string>>;
  /**
   * Declared fields that hold a yes/no: SQLite has no boolean type and answers 0 or 1,
   * which become false or true here.
   */
  readonly booleans?: readonly string[] | undefined;
  /** A column to order the records by, newest first. */
  readonly newestFirstBy?: string | undefined;
}

export interface SqlDataSourceOptions {
  /** The partner's existing SQLite file, opened read-only: the adapter never writes it. */
  readonly file: string;
  readonly categories: Readonly<Record<string, SqlCategoryMapping>>;
}

function asBooleans(row: ReleasedRecord, fields: readonly string[]): ReleasedRecord {
  const converted: Record<string, unknown> = { ...row };
  for (const field of fields) {
    const value = converted[field];
    if (typeof value === 'number' || typeof value === 'bigint') converted[field] = value !== 0;
  }
  return converted;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkIdentifiers(category: string, mapping: SqlCategoryMapping): void {
  const names = [
    mapping.table,
    mapping.personColumn,
    ...Object.values(mapping.columns),
    ...(mapping.newestFirstBy === undefined ? [] : [mapping.newestFirstBy]),
  ];
  const bad = names.find((name) => !IDENTIFIER.test(name));
  if (bad !== undefined) {
    throw new ConfigInvalidError(`sql mapping of ${category}: ${bad} is not a plain SQL name`);
  }
}

/**
 * Reads each category with one query on the partner's database, selecting only the
 * columns of the declared fields (aliased to the field names) for the one person asked.
 * Undeclared columns are never read, so they cannot leak.
 *
 * @example
 * const source = SqlDataSource.open({ file: 'rms.sqlite', categories: {
 *   police_incidents: { table: 'incident', personColumn: 'bsn',
 *     columns: { incident_date: 'occurred_on', incident_type: 'kind' } } } });
 */
export class SqlDataSource implements DataSource {
  readonly #db: Kysely<Record<string, never>>;
  readonly #categories: ReadonlyMap<string, SqlCategoryMapping>;

  private constructor(db: Kysely<Record<string, never>>, options: SqlDataSourceOptions) {
    this.#db = db;
    this.#categories = new Map(Object.entries(options.categories));
  }

  static open(options: SqlDataSourceOptions): SqlDataSource {
    for (const [category, mapping] of Object.entries(options.categories)) {
      checkIdentifiers(category, mapping);
    }
    let database: SqliteDatabase.Database;
    try {
      database = new SqliteDatabase(options.file, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new ConfigInvalidError(`sql source ${options.file} cannot be opened`, {
        cause: error,
      });
    }
    const db = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database }) });
    return new SqlDataSource(db, options);
  }

  mappedFields(category: string): readonly string[] {
    return Object.keys(this.#categories.get(category)?.columns ?? {});
  }

  async records(query: SourceQuery): Promise<readonly ReleasedRecord[]> {
    const mapping = this.#categories.get(query.category);
    if (mapping === undefined) return [];
    const selected = query.fields.flatMap((field) => {
      const column = mapping.columns[field];
      return column === undefined ? [] : [sql`${sql.ref(column)} as ${sql.ref(field)}`];
    });
    if (selected.length === 0) return [];
    const order =
      mapping.newestFirstBy === undefined
        ? sql``
        : sql`order by ${sql.ref(mapping.newestFirstBy)} desc`;
    try {
      const result = await sql<ReleasedRecord>`select ${sql.join(selected)} from ${sql.table(
        mapping.table,
      )} where ${sql.ref(mapping.personColumn)} = ${query.nationalId} ${order}`.execute(this.#db);
      return mapping.booleans === undefined
        ? result.rows
        : result.rows.map((row) => asBooleans(row, mapping.booleans ?? []));
    } catch (error) {
      throw new SourceUnavailableError(error);
    }
  }

  close(): Promise<void> {
    return this.#db.destroy();
  }
}
