import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachingStatements } from '../../../broker/store/sqlite-statement-cache.ts';

describe('cachingStatements', () => {
  let database: SqliteDatabase.Database;
  afterEach(() => {
    if (database.open) database.close();
  });

  function open() {
    database = new SqliteDatabase(':memory:');
    database.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    return vi.spyOn(database, 'prepare');
  }

  it('compiles a statement once and reuses it with new parameters', async () => {
    const prepare = open();
    const db = new Kysely<{ t: { id: number; name: string } }>({
      dialect: new SqliteDialect({ database: cachingStatements(database) }),
    });
    for (const [id, name] of [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ] as const) {
      await db.insertInto('t').values({ id, name }).execute();
    }
    const names = [];
    for (const id of [3, 1, 2]) {
      const row = await db.selectFrom('t').select('name').where('id', '=', id).executeTakeFirst();
      names.push(row?.name);
    }
    expect(names).toEqual(['c', 'a', 'b']);
    expect(prepare).toHaveBeenCalledTimes(2);
    await db.destroy();
    expect(database.open).toBe(false);
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const prepare = open();
    const cache = cachingStatements(database, 2);
    cache.prepare('SELECT 1');
    cache.prepare('SELECT 2');
    cache.prepare('SELECT 1'); // now the most recently used
    cache.prepare('SELECT 3'); // evicts SELECT 2
    cache.prepare('SELECT 1');
    cache.prepare('SELECT 2');
    expect(prepare.mock.calls.map(([text]) => text)).toEqual([
      'SELECT 1',
      'SELECT 2',
      'SELECT 3',
      'SELECT 2',
    ]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    open();
    expect(() => cachingStatements(database, 0)).toThrow(TypeError);
  });
});
