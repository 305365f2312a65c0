import { existsSync, readFileSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { StoreContext } from '../../support/databases.ts';

/**
 * Every row of every table in the test's database as text, table by table: what a dump
 * of it would hold. `pg_dump` is not needed: a SELECT of each table of the schema reads
 * the same rows.
 */
export async function dumpTables(ctx: StoreContext): Promise<Map<string, string>> {
  const dump = new Map<string, string>();
  if (ctx.sqliteFile !== undefined) {
    const db = new SqliteDatabase(ctx.sqliteFile, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      for (const { name } of tables) {
        dump.set(name, JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()));
      }
    } finally {
      db.close();
    }
    return dump;
  }
  const client = new pg.Client({ connectionString: ctx.url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    for (const { name } of tables.rows) {
      const rows = await client.query(`SELECT * FROM "${name}"`);
      dump.set(name, JSON.stringify(rows.rows));
    }
  } finally {
    await client.end();
  }
  return dump;
}

/** The bytes of the SQLite file and its write-ahead log, as Latin-1 text to search in. */
export function sqliteBytes(file: string): string {
  return [file, `${file}-wal`]
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path).toString('latin1'))
    .join('\n');
}
