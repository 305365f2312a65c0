import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL URL of ZVH_TEST_POSTGRES_URL, or undefined where none is set. */
export function benchPostgresUrl(): string | undefined {
  const url = process.env.ZVH_TEST_POSTGRES_URL;
  return url === undefined || url === '' ? undefined : url;
}

/**
 * Runs `use` with a URL whose connections work in a schema of their own, so that a
 * benchmark never meets another run's tables. The schema is dropped afterwards, unless
 * `keep` names it: then it is created if missing and left for the next run to reuse.
 */
export async function inPostgresSchema<T>(
  postgresUrl: string,
  use: (url: string) => Promise<T>,
  keep?: string,
): Promise<T> {
  const schema = keep ?? `bench_${randomBytes(6).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new TypeError(`not a schema name: ${schema}`);
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const url = new URL(postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return await use(url.toString());
  } finally {
    if (keep === undefined) await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}
