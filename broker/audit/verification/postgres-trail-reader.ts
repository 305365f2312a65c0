import pg from 'pg';
import type { AuditEntriesTable } from '../trail/audit-tables.ts';
import { canonicalEntrySql, subjectColumnsSql } from './canonical-entry-sql.ts';
import type { EntryRow, StoredAt, StoredCheckpoint, TrailReader } from './trail-reader.ts';

const ENTRY_COLUMNS = `seq, hash, prev_hash, ${canonicalEntrySql('postgres')}, ${subjectColumnsSql('postgres')}`;
const INT8_OID = 20;

// The trail's bigints (sequence numbers) as numbers: far below 2^53, and the hash reads
// `seq` as a number. Only on the verifier's own connection, not pg's global parsers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? Number
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The trail in a PostgreSQL schema over one connection; keyset pages by `seq`. */
export class PostgresTrailReader implements TrailReader {
  readonly #client: pg.Client;

  private constructor(client: pg.Client) {
    this.#client = client;
  }

  static async connect(url: string): Promise<PostgresTrailReader> {
    const client = new pg.Client({ connectionString: url, types });
    await client.connect();
    return new PostgresTrailReader(client);
  }

  async entries(after: number, upTo: number | null, limit: number): Promise<readonly EntryRow[]> {
    const bound = upTo === null ? '' : 'AND seq <= $3';
    const result = await this.#client.query<EntryRow & unknown[]>({
      text: `SELECT ${ENTRY_COLUMNS} FROM audit_entries
             WHERE seq > $1 ${bound} ORDER BY seq LIMIT $2`,
      values: upTo === null ? [after, limit] : [after, limit, upTo],
      rowMode: 'array',
    });
    return result.rows;
  }

  async entry(seq: number): Promise<AuditEntriesTable | undefined> {
    const result = await this.#client.query<AuditEntriesTable>(
      'SELECT * FROM audit_entries WHERE seq = $1',
      [seq],
    );
    return result.rows[0];
  }

  async checkpoints(after: number, limit: number): Promise<readonly StoredCheckpoint[]> {
    const result = await this.#client.query<StoredCheckpoint>(
      `SELECT c.seq, c.head_hash, c.at, c.jws, e.hash AS entry_hash
       FROM audit_checkpoints c LEFT JOIN audit_entries e ON e.seq = c.seq
       WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
      [after, limit],
    );
    return result.rows;
  }

  async storedAt(seqs: readonly number[]): Promise<readonly StoredAt[]> {
    const result = await this.#client.query<StoredAt>(
      `SELECT s.seq, e.hash AS entry_hash, c.head_hash AS checkpoint_hash, c.at AS checkpoint_at
       FROM unnest($1::bigint[]) AS s(seq)
       LEFT JOIN audit_entries e ON e.seq = s.seq
       LEFT JOIN audit_checkpoints c ON c.seq = s.seq`,
      [seqs],
    );
    return result.rows;
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const result = await this.#client.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1',
    );
    return result.rows[0];
  }

  async lastSeq(): Promise<number> {
    const result = await this.#client.query<{ last: number | null }>(
      'SELECT max(seq) AS last FROM audit_entries',
    );
    return result.rows[0]?.last ?? 0;
  }

  async close(): Promise<void> {
    await this.#client.end();
  }
}
