import SqliteDatabase from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import pg from 'pg';

/** How the database runs one compiled search: its plan, as the database spells it. */
export type PlanReader = (query: CompiledQuery) => Promise<string>;

/** `EXPLAIN QUERY PLAN` on a connection of its own, read only. */
export function sqlitePlan(file: string): PlanReader {
  return async (query) => {
    const database = new SqliteDatabase(file, { readonly: true });
    try {
      const rows = database
        .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
        .all(...(query.parameters as unknown[])) as { detail: string }[];
      return rows.map((row) => row.detail).join('; ');
    } finally {
      database.close();
    }
  };
}

/** `EXPLAIN (ANALYZE, BUFFERS)`: the plan with the rows and pages it really touched. */
export function postgresPlan(url: string): PlanReader {
  return async (query) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
        query.parameters as unknown[],
      );
      return rows.map((row) => row['QUERY PLAN'].trim()).join('; ');
    } finally {
      await client.end();
    }
  };
}
