import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresSchemaPrefix: string;
  }
}

/**
 * vitest's global set-up: names this run's PostgreSQL schemas and drops them once every
 * test file has finished, so that a run leaves the shared server as it found it.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const prefix = `test_${randomBytes(4).toString('hex')}_`;
  project.provide('postgresSchemaPrefix', prefix);
  return async () => {
    const url = process.env.ZVH_TEST_POSTGRES_URL;
    if (url === undefined || url === '') return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ nspname: string }>(
        'SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)',
        [prefix],
      );
      for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
    } finally {
      await client.end();
    }
  };
}
