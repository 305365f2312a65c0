import SqliteDatabase from 'better-sqlite3';
import type { AuditEntriesTable } from '../trail/audit-tables.ts';
import { canonicalEntrySql } from './canonical-entry-sql.ts';
import type { EntryRow, StoredCheckpoint, TrailReader } from './trail-reader.ts';

const ENTRY_COLUMNS = `seq, hash, prev_hash, ${canonicalEntrySql('sqlite')}`;

/**
 * The trail of a SQLite file, read-only. better-sqlite3 is synchronous: the promises only
 * fit the shared interface, a page costs one call with `.raw()` arrays.
 */
export class SqliteTrailReader implements TrailReader {
  readonly #db: SqliteDatabase.Database;
  readonly #bounded: SqliteDatabase.Statement<[number, number, number], EntryRow>;
  readonly #unbounded: SqliteDatabase.Statement<[number, number], EntryRow>;

  constructor(file: string) {
    this.#db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    this.#db.pragma('busy_timeout = 5000');
    this.#bounded = this.#db
      .prepare<[number, number, number], EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM audit_entries
         WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
      )
      .raw(true);
    this.#unbounded = this.#db
      .prepare<[number, number], EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?`,
      )
      .raw(true);
  }

  async entries(after: number, upTo: number | null, limit: number): Promise<readonly EntryRow[]> {
    return upTo === null
      ? this.#unbounded.all(after, limit)
      : this.#bounded.all(after, upTo, limit);
  }

  async entry(seq: number): Promise<AuditEntriesTable | undefined> {
    return this.#db
      .prepare<[number], AuditEntriesTable>('SELECT * FROM audit_entries WHERE seq = ?')
      .get(seq);
  }

  async checkpoints(after: number, limit: number): Promise<readonly StoredCheckpoint[]> {
    return this.#db
      .prepare<[number, number], StoredCheckpoint>(
        `SELECT c.seq, c.head_hash, c.at, c.jws, e.hash AS entry_hash
         FROM audit_checkpoints c LEFT JOIN audit_entries e ON e.seq = c.seq
         WHERE c.seq > ? ORDER BY c.seq LIMIT ?`,
      )
      .all(after, limit);
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    return this.#db
      .prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1')
      .get();
  }

  async lastSeq(): Promise<number> {
    const row = this.#db
      .prepare<[], { last: number | null }>('SELECT max(seq) AS last FROM audit_entries')
      .get();
    return row?.last ?? 0;
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
