import type { AuditEntriesTable } from '../trail/audit-tables.ts';

/**
 * One entry as the verifier reads it: sequence number, stored hash, stored predecessor
 * hash and the canonical JSON of its hashed columns as the database spells it. An array,
 * not an object: the drivers build arrays several times faster.
 */
export type EntryRow = readonly [
  seq: number,
  hash: string,
  prevHash: string,
  canonical: string,
  /** Its subject with salt as canonical JSON, where the entry holds it apart (else ''). */
  subject: string,
  subjectSha256: string | null,
  erasedAt: string | null,
];

/** A signed checkpoint with the stored hash of the entry at its `seq` (null if none). */
export interface StoredCheckpoint {
  readonly seq: number;
  readonly head_hash: string;
  readonly at: string;
  readonly jws: string;
  readonly entry_hash: string | null;
}

/**
 * What the database holds at a sequence number an external checkpoint names: the entry's
 * stored hash and the stored checkpoint's head and time, each null where nothing is.
 */
export interface StoredAt {
  readonly seq: number;
  readonly entry_hash: string | null;
  readonly checkpoint_hash: string | null;
  readonly checkpoint_at: string | null;
}

/**
 * Read-only access to the audit tables through the driver itself rather than Kysely, so
 * that a page of entries arrives as arrays without per-row objects. Each worker thread
 * opens one of its own.
 */
export interface TrailReader {
  /** Entries with `after < seq <= upTo` (no upper bound when `upTo` is null), by seq. */
  entries(after: number, upTo: number | null, limit: number): Promise<readonly EntryRow[]>;
  /** Every stored column of one entry, `seq` as a number, for the exact check. */
  entry(seq: number): Promise<AuditEntriesTable | undefined>;
  /** Checkpoints with `seq > after`, by seq. */
  checkpoints(after: number, limit: number): Promise<readonly StoredCheckpoint[]>;
  /** What is stored at each of `seqs` (at most a few thousand), in any order. */
  storedAt(seqs: readonly number[]): Promise<readonly StoredAt[]>;
  /** The head row; undefined when someone deleted it. */
  head(): Promise<{ readonly seq: number; readonly hash: string } | undefined>;
  /** The highest stored sequence number, 0 for an empty trail. */
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}
