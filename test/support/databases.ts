import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, inject, it } from 'vitest';
import {
  covenantVocabularies,
  type VocabularyLookup,
} from '../../broker/policy/covenant-vocabulary.ts';
import { BrokerStore } from '../../broker/store/broker-store.ts';
import { seedNetworks } from '../../broker/store/seed-networks.ts';
import type { SqlDialectName } from '../../broker/store/sql-dialect-name.ts';
import { TestClock } from './clock.ts';
import { BUNDLE_COVENANT_IDS, seedAcceptedCovenant } from './covenant.ts';

export interface StoreContext {
  store: BrokerStore;
  clock: TestClock;
  /** The URL the store opened, for a second connection of a test's own. */
  url: string;
  /** The store's secret, for a test that reopens the store as a restarted broker would. */
  identifierSecret: Uint8Array;
  /** `sqlite:` file of this test, or undefined on PostgreSQL. */
  sqliteFile: string | undefined;
  /** Runs SQL past the store, on a connection of its own. */
  execute: (statement: string) => Promise<void>;
  /**
   * The covenant version id the "active policy bundle" implements per network, as the
   * store asks for it on every use: the committed bundle's at first. A test that sets or
   * deletes an entry activates another bundle at run time, as a bundle swap does.
   */
  activeCovenants: Map<string, string>;
}

export const START = '2026-03-02T09:00:00.000Z';

/** A new schema name of this test run: the run's teardown drops them all. */
export function postgresSchemaName(): string {
  return `${inject('postgresSchemaPrefix')}${randomBytes(6).toString('hex')}`;
}

/** The covenant words of the committed policy bundle, as the broker gives them its store. */
export const COVENANT_VOCABULARY: VocabularyLookup = covenantVocabularies(
  JSON.parse(readFileSync('policies/bundle/data.json', 'utf8')),
);
const POSTGRES_URL = process.env.ZVH_TEST_POSTGRES_URL;

/** A file system in memory where the machine has one (Linux); the temporary directory otherwise. */
const TMPFS = '/dev/shm';

export interface DatabaseOptions {
  /**
   * The SQLite file on a file system in memory: its commits still sync, but a busy disk's
   * fsync, which holds the event loop in every commit, no longer adds to a timed bound.
   */
  readonly sqliteInMemoryFileSystem?: boolean;
  /** Where the SQLite file goes (a small disk, say); wins over `sqliteInMemoryFileSystem`. */
  readonly sqliteParent?: () => string;
}

/**
 * Runs the same suite on the embedded SQLite and on a real PostgreSQL server
 * (ZVH_TEST_POSTGRES_URL, set by scripts/setup-postgres.sh). Each test gets an empty,
 * migrated and seeded database (the networks, and the committed bundle's covenant accepted
 * by all its partners): a new SQLite file, or a new PostgreSQL schema.
 */
export function describeOnEveryDatabase(
  name: string,
  suite: (ctx: StoreContext, dialect: SqlDialectName) => void,
  options: DatabaseOptions = {},
): void {
  const sqliteParent =
    options.sqliteInMemoryFileSystem === true && existsSync(TMPFS) ? TMPFS : tmpdir();
  describeOn('sqlite', name, suite, async () => {
    const dir = mkdtempSync(join(options.sqliteParent?.() ?? sqliteParent, 'zvh-store-'));
    const file = join(dir, 'broker.sqlite');
    return {
      url: `sqlite:${file}`,
      sqliteFile: file,
      execute: async (statement: string) => {
        const connection = new SqliteDatabase(file);
        try {
          connection.exec(statement);
        } finally {
          connection.close();
        }
      },
      cleanUp: async () => rmSync(dir, { recursive: true }),
    };
  });

  if (POSTGRES_URL === undefined || POSTGRES_URL === '') {
    if (process.env.CI === 'true') {
      describe(`${name} [postgres]`, () => {
        it('needs ZVH_TEST_POSTGRES_URL in CI', () => {
          throw new Error(
            'ZVH_TEST_POSTGRES_URL is unset: CI must run the store suite on PostgreSQL',
          );
        });
      });
    } else {
      describe.skip(`${name} [postgres: skipped, ZVH_TEST_POSTGRES_URL is unset; see scripts/setup-postgres.sh]`, () => {
        it('runs only with a PostgreSQL server', () => {});
      });
    }
    return;
  }
  const adminUrl = POSTGRES_URL;
  describeOn('postgres', name, suite, async () => {
    const schema = postgresSchemaName();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return {
      url: url.toString(),
      sqliteFile: undefined,
      execute: async (statement: string) => {
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        try {
          await client.query(statement);
        } finally {
          await client.end();
        }
      },
      // The run's global teardown drops it (see postgres-schemas.ts).
      cleanUp: async () => {},
    };
  });
}

interface Database {
  url: string;
  sqliteFile: string | undefined;
  execute: (statement: string) => Promise<void>;
  cleanUp: () => Promise<void>;
}

function describeOn(
  dialect: SqlDialectName,
  name: string,
  suite: (ctx: StoreContext, dialect: SqlDialectName) => void,
  create: () => Promise<Database>,
): void {
  describe(`${name} [${dialect}]`, () => {
    const ctx = {} as StoreContext;
    let database: Database;

    beforeEach(async () => {
      database = await create();
      ctx.clock = new TestClock(START);
      ctx.url = database.url;
      ctx.sqliteFile = database.sqliteFile;
      ctx.execute = database.execute;
      ctx.identifierSecret = randomBytes(32);
      const active = new Map(BUNDLE_COVENANT_IDS);
      ctx.activeCovenants = active;
      ctx.store = await BrokerStore.open({
        databaseUrl: database.url,
        identifierSecret: ctx.identifierSecret,
        vocabulary: COVENANT_VOCABULARY,
        activeCovenant: (network) => active.get(network) ?? null,
        clock: ctx.clock,
      });
      await seedNetworks(ctx.store.networks, 'policies/zvh/covenants');
      await seedAcceptedCovenant(ctx.store, ctx.clock);
    });

    afterEach(async () => {
      await ctx.store.close();
      await database.cleanUp();
    });

    suite(ctx, dialect);
  });
}
