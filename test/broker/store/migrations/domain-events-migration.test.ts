import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainEventLog } from '../../../../broker/store/domain-event-log.ts';
import { initialSchema } from '../../../../broker/store/migrations/0001-initial-schema.ts';
import { openDatabase } from '../../../../broker/store/open-database.ts';
import { checkpointKeyFixture, verifyAt } from '../../../support/audit.ts';

describe('the audit trail migration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zvh-audit-migration-'));
  });
  afterEach(() => rmSync(dir, { recursive: true }));

  it('chains the domain events recorded before it, in their order, and drops their table', async () => {
    const file = join(dir, 'broker.sqlite');
    const old = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new SqliteDatabase(file) }),
    });
    const { error } = await new Migrator({
      db: old,
      provider: { getMigrations: async () => ({ '0001-initial-schema': initialSchema('sqlite') }) },
    }).migrateToLatest();
    expect(error).toBeUndefined();
    const raw = new SqliteDatabase(file);
    const insert = raw.prepare(
      `INSERT INTO domain_events (id, occurred_at, network_id, actor_organisation, actor_user,
         event_type, case_id, person_pseudonym, details) VALUES (?, ?, 'bonaire', 'politie-cn', 'agent', ?, ?, ?, ?)`,
    );
    insert.run(
      'e1',
      '2026-01-01T10:00:00.000Z',
      'case.registered',
      'c1',
      null,
      '{"case_type":"x"}',
    );
    insert.run(
      'e2',
      '2026-01-01T11:00:00.000Z',
      'person.added',
      'c1',
      'ps1',
      '{"age_band":"12-17"}',
    );
    insert.run('e3', '2026-01-01T12:00:00.000Z', 'network.created', null, null, '{}');
    raw.close();
    await old.destroy();

    const { db } = await openDatabase(`sqlite:${file}`);
    try {
      const events = await new DomainEventLog(db).forCase('bonaire', 'c1');
      expect(events).toEqual([
        expect.objectContaining({ seq: 1, type: 'case.registered', details: { case_type: 'x' } }),
        expect.objectContaining({
          seq: 2,
          type: 'person.added',
          personPseudonym: 'ps1',
          actor: { organisation: 'politie-cn', user: 'agent' },
          at: new Date('2026-01-01T11:00:00.000Z'),
        }),
      ]);
      const tables = await db.introspection.getTables();
      expect(tables.map((t) => t.name)).not.toContain('domain_events');
    } finally {
      await db.destroy();
    }
    const keys = await checkpointKeyFixture();
    try {
      expect(await verifyAt(`sqlite:${file}`, keys.key)).toMatchObject({
        intact: true,
        entries: 3,
      });
    } finally {
      keys.cleanUp();
    }
  });
});
