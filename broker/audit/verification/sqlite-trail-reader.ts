import SqliteDatabase from 'better-sqlite3';
import type { AuditEntriesTable } from '../trail/audit-tables.ts';
import { canonicalEntrySql, subjectColumnsSql } from './canonical-entry-sql.ts';
import type { EntryRow, StoredAt, StoredCheckpoint, TrailReader } from './trail-reader.ts';

const ENTRY_COLUMNS = `seq, hash, prev_hash, ${canonicalEntrySql('sqlite')}, ${subjectColumnsSql('sqlite')}`;
/**
 * For a page SQLite cannot spell (json_quote refuses a column stored as a BLOB): no
 * canonical text, so that every entry of the page gets the exact check from its columns,
 * where a value of another storage class no longer hashes as appended. The predecessor
 * hash as text, so that a BLOB there is named as this entry altered, not as reordered.
 */
const EXACT_CHECK_COLUMNS = `seq, hash, CAST(prev_hash AS TEXT), '', '', NULL, NULL`;

/**
 * The trail of a SQLite file, read-only. better-sqlite3 is synchronous: the promises only
 * fit the shared interface, a page costs one call with `.raw()` arrays.
 */
export class SqliteTrailReader implements TrailReader {
  readonly #db: SqliteDatabase.Database;
  readonly #pages: PageStatements;
  readonly #exactPages: PageStatements;

  constructor(file: string) {
    this.#db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    this.#db.pragma('busy_timeout = 5000');
    this.#pages = pageStatements(this.#db, ENTRY_COLUMNS);
    this.#exactPages = pageStatements(this.#db, EXACT_CHECK_COLUMNS);
  }

  async entries(after: number, upTo: number | null, limit: number): Promise<readonly EntryRow[]> {
    try {
      return readPage(this.#pages, after, upTo, limit);
    } catch {
      return readPage(this.#exactPages, after, upTo, limit);
    }
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

  async storedAt(seqs: readonly number[]): Promise<readonly StoredAt[]> {
    return this.#db
      .prepare<[string], StoredAt>(
        `SELECT s.value AS seq, e.hash AS entry_hash,
                c.head_hash AS checkpoint_hash, c.at AS checkpoint_at
         FROM json_each(?) s
         LEFT JOIN audit_entries e ON e.seq = s.value
         LEFT JOIN audit_checkpoints c ON c.seq = s.value`,
      )
      .all(JSON.stringify(seqs));
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

interface PageStatements {
  readonly bounded: SqliteDatabase.Statement<[number, number, number], EntryRow>;
  readonly unbounded: SqliteDatabase.Statement<[number, number], EntryRow>;
}

function pageStatements(db: SqliteDatabase.Database, columns: string): PageStatements {
  return {
    bounded: db
      .prepare<[number, number, number], EntryRow>(
        `SELECT ${columns} FROM audit_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
      )
      .raw(true),
    unbounded: db
      .prepare<[number, number], EntryRow>(
        `SELECT ${columns} FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?`,
      )
      .raw(true),
  };
}

function readPage(
  statements: PageStatements,
  after: number,
  upTo: number | null,
  limit: number,
): EntryRow[] {
  return upTo === null
    ? statements.unbounded.all(after, limit)
    : statements.bounded.all(after, upTo, limit);
}
