import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { InCodeMigrationProvider } from '../../broker/store/migrations/in-code-migration-provider.ts';
import { connectDatabase } from '../../broker/store/open-database.ts';
import { postgresSchemaName } from './databases.ts';

const POSTGRES_URL = process.env.ZVH_TEST_POSTGRES_URL;

/** The dialects a migration test runs on: PostgreSQL too where the test server is set. */
export const MIGRATION_DIALECTS = POSTGRES_URL
  ? (['sqlite', 'postgres'] as const)
  : (['sqlite'] as const);

/** A database of its own, empty: a SQLite file, or a schema of the test server. */
export async function emptyDatabase(dialect: 'sqlite' | 'postgres'): Promise<string> {
  if (dialect === 'sqlite') {
    return `sqlite:${join(mkdtempSync(join(tmpdir(), 'zvh-migration-')), 'broker.sqlite')}`;
  }
  const schema = postgresSchemaName();
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES_URL ?? '');
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Removes what emptyDatabase made; the run's teardown drops PostgreSQL schemas. */
export function removeDatabase(url: string): void {
  if (url.startsWith('sqlite:')) rmSync(dirname(url.slice('sqlite:'.length)), { recursive: true });
}

/** The database migrated up to and including `last`, as a release before the next had it. */
export async function openDatabaseAt(url: string, last: string) {
  const { db, dialect } = connectDatabase(url);
  const { error } = await new Migrator({
    db,
    provider: new InCodeMigrationProvider(dialect),
  }).migrateTo(last);
  if (error !== undefined) throw error;
  return db;
}
