import { hash, type KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../store/database.ts';
import type { SqlDialectName } from '../store/sql-dialect-name.ts';
import type { AuditCheckpointsTable } from './audit-tables.ts';
import { canonicalEntrySql } from './canonical-entry-sql.ts';
import { checkpointAlgorithm } from './checkpoint-key.ts';
import { CHECKPOINT_JWS_TYPE, type Checkpoint } from './checkpointer.ts';
import { entryHash, GENESIS_HASH } from './entry-hash.ts';
import type { ChainBreak, CheckpointProblem, VerificationReport } from './verification-report.ts';

export interface VerifyOptions {
  /** Entries read per query; memory stays at one page whatever the length of the trail. */
  readonly pageSize?: number;
  /** Called after each page with the entries checked so far and the highest number stored. */
  readonly onProgress?: (checked: number, total: number) => void;
}

interface EntryRow {
  readonly seq: number;
  readonly hash: string;
  readonly prev_hash: string;
  readonly canonical: string;
}
type CheckpointRow = Selectable<AuditCheckpointsTable>;

/**
 * Walks the whole trail in order, recomputing every hash and link, and checks every
 * checkpoint's signature against `publicKey` and its head against the chain. Names the
 * first entry that was altered, removed or reordered, and the first bad checkpoint.
 *
 * @example
 * const report = await verifyAuditTrail(db, 'sqlite', publicKey);
 * if (!report.intact) console.error(describeReport(report));
 */
export async function verifyAuditTrail(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  publicKey: KeyObject,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  const pageSize = options.pageSize ?? 10_000;
  const algorithm = checkpointAlgorithm(publicKey);
  const checkpoints = pages<CheckpointRow>((after) =>
    db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute(),
  );
  const total = Number(
    (
      await db
        .selectFrom('audit_entries')
        .select((eb) => eb.fn.max('seq').as('max'))
        .executeTakeFirst()
    )?.max ?? 0,
  );

  let checkpointCount = 0;
  let firstCheckpointProblem: CheckpointProblem | null = null;
  let nextCheckpoint = await checkpoints.next();
  const checkCheckpoint = async (row: CheckpointRow, entryHashAtSeq: string | null) => {
    checkpointCount += 1;
    if (firstCheckpointProblem !== null) return;
    const seq = Number(row.seq);
    if (!(await signatureHolds(row, publicKey, algorithm))) {
      firstCheckpointProblem = { seq, kind: 'signature-invalid' };
    } else if (entryHashAtSeq !== null && entryHashAtSeq !== row.head_hash) {
      firstCheckpointProblem = { seq, kind: 'head-mismatch' };
    }
  };

  let expected = 1;
  let prevHash = GENESIS_HASH;
  let firstBreak: ChainBreak | null = null;
  const canonical = canonicalEntrySql(dialect).as('canonical');
  const entries = pages<EntryRow>((after) =>
    db
      .selectFrom('audit_entries')
      .select(['seq', 'hash', 'prev_hash', canonical])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute(),
  );
  scan: for (;;) {
    const page = await entries.nextPage();
    if (page === null) break;
    for (const row of page) {
      const storedHash = row.hash;
      if (Number(row.seq) !== expected) {
        firstBreak = { seq: expected, kind: 'removed' };
        break scan;
      }
      if (hash('sha256', row.canonical, 'hex') !== storedHash && !(await holds(db, expected))) {
        firstBreak = {
          seq: expected,
          kind: row.prev_hash === prevHash ? 'altered' : 'reordered',
        };
        break scan;
      }
      if (row.prev_hash !== prevHash) {
        // This entry is intact and names its predecessor's original hash: the predecessor
        // was altered and its hash recomputed to hide it.
        firstBreak = { seq: expected - 1, kind: 'altered' };
        break scan;
      }
      while (nextCheckpoint !== null && Number(nextCheckpoint.seq) <= expected) {
        const atThisEntry = Number(nextCheckpoint.seq) === expected;
        await checkCheckpoint(nextCheckpoint, atThisEntry ? storedHash : null);
        nextCheckpoint = await checkpoints.next();
      }
      prevHash = storedHash;
      expected += 1;
    }
    options.onProgress?.(expected - 1, total);
  }

  const intactEntries = expected - 1;
  if (firstBreak === null) {
    firstBreak = await truncation(db, intactEntries, prevHash, nextCheckpoint);
  }
  // Checkpoints past a break cannot be matched to the chain, but their signatures still count.
  for (; nextCheckpoint !== null; nextCheckpoint = await checkpoints.next()) {
    await checkCheckpoint(nextCheckpoint, null);
  }
  return {
    intact: firstBreak === null && firstCheckpointProblem === null,
    entries: intactEntries,
    checkpoints: checkpointCount,
    firstBreak,
    firstCheckpointProblem,
  };
}

/** The exact check, from the columns, for an entry whose database-spelled JSON did not match. */
async function holds(db: Kysely<Database>, seq: number): Promise<boolean> {
  const row = await db
    .selectFrom('audit_entries')
    .selectAll()
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
  return entryHash(row) === row.hash;
}

/** Entries cut off the end leave the head row or a checkpoint pointing past the last one. */
async function truncation(
  db: Kysely<Database>,
  last: number,
  lastHash: string,
  nextCheckpoint: CheckpointRow | null,
): Promise<ChainBreak | null> {
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const headSeq = head === undefined ? last : Number(head.seq);
  if (nextCheckpoint !== null || headSeq > last) return { seq: last + 1, kind: 'removed' };
  if (head !== undefined && head.hash !== lastHash) return { seq: last, kind: 'altered' };
  return null;
}

async function signatureHolds(
  row: CheckpointRow,
  publicKey: KeyObject,
  algorithm: string,
): Promise<boolean> {
  try {
    const { payload, protectedHeader } = await compactVerify(row.jws, publicKey, {
      algorithms: [algorithm],
    });
    if (protectedHeader.typ !== CHECKPOINT_JWS_TYPE) return false;
    const signed = JSON.parse(new TextDecoder().decode(payload)) as Checkpoint;
    return signed.seq === Number(row.seq) && signed.hash === row.head_hash && signed.at === row.at;
  } catch {
    return false;
  }
}

interface Pager<T> {
  nextPage(): Promise<readonly T[] | null>;
  next(): Promise<T | null>;
}

/** Keyset paging by `seq`: each query starts after the last row seen. */
function pages<T extends { seq: number }>(
  fetch: (after: number) => Promise<readonly T[]>,
): Pager<T> {
  let after = 0;
  let done = false;
  let buffer: readonly T[] = [];
  let index = 0;
  const nextPage = async () => {
    if (done) return null;
    const page = await fetch(after);
    const last = page.at(-1);
    if (last === undefined) {
      done = true;
      return null;
    }
    after = Number(last.seq);
    return page;
  };
  return {
    nextPage,
    async next() {
      if (index >= buffer.length) {
        const page = await nextPage();
        if (page === null) return null;
        buffer = page;
        index = 0;
      }
      return buffer[index++] as T;
    },
  };
}
