import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { checkpointAlgorithm } from '../checkpoints/checkpoint-key.ts';
import { signatureHolds } from '../checkpoints/checkpoint-signature.ts';
import { checkExternalCheckpoints, type ExternalCheckpoint } from './external-checkpoints.ts';
import { openTrailReader } from './open-trail-reader.ts';
import type { EntryRange } from './range-check.ts';
import { joinRanges } from './range-join.ts';
import { checkRanges } from './range-pool.ts';
import type { StoredCheckpoint, TrailReader } from './trail-reader.ts';
import type { ChainBreak, CheckpointProblem, VerificationReport } from './verification-report.ts';

export interface VerifyOptions {
  /**
   * Entries read per query; memory stays at a page per thread whatever the trail's length.
   * Small enough that a page dies young: at 10,000 a quarter of the time went to
   * collecting pages that had outlived the young generation.
   */
  readonly pageSize?: number;
  /** Entries per range handed to a thread. */
  readonly rangeSize?: number;
  /**
   * Threads that check ranges, this one included. By default one per core once the trail
   * is long enough to repay starting a worker, else one.
   */
  readonly threads?: number;
  /** Called after each page with the entries checked so far and the highest number stored. */
  readonly onProgress?: (checked: number, total: number) => void;
  /**
   * Checkpoints held outside the database (the checkpoint log, the witnesses): without
   * them a trail cut short, wiped, or rewritten after its checkpoints were deleted verifies.
   */
  readonly external?: readonly AsyncIterable<ExternalCheckpoint>[];
}

/** Below this a worker thread would cost more to start than it saves. */
const ENTRIES_FOR_WORKERS = 100_000;
/** Enough ranges per thread that the threads finish together though they start apart. */
const RANGES_PER_THREAD = 8;
const MIN_RANGE_SIZE = 10_000;

/**
 * Checks the whole trail: every entry's hash recomputed and its link to its predecessor,
 * in ranges on several threads at once and joined in order; every checkpoint's signature
 * against `publicKey` and its head against the chain; and, given `external` sources, the
 * trail against the checkpoints held outside it. Names the first entry (the lowest number)
 * that was altered, removed or reordered, the first bad checkpoint, and the first external
 * checkpoint the trail does not bear out. Only reads: it never creates or migrates the tables.
 *
 * @example
 * const report = await verifyAuditTrail('sqlite:.state/broker.sqlite', publicKey);
 * if (!report.intact) console.error(describeReport(report));
 */
export async function verifyAuditTrail(
  databaseUrl: string,
  publicKey: KeyObject,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  const algorithm = checkpointAlgorithm(publicKey);
  const pageSize = options.pageSize ?? 2_000;
  const reader = await openTrailReader(databaseUrl);
  try {
    const total = await reader.lastSeq();
    const threads = options.threads ?? (total >= ENTRIES_FOR_WORKERS ? availableParallelism() : 1);
    const rangeSize =
      options.rangeSize ??
      Math.max(MIN_RANGE_SIZE, Math.ceil(total / (threads * RANGES_PER_THREAD)));
    let checked = 0;
    const outcomes = await checkRanges(reader, splitRanges(total, rangeSize), {
      databaseUrl,
      threads,
      pageSize,
      onChecked: (entries) => {
        checked += entries;
        options.onProgress?.(checked, total);
      },
    });
    const chain = joinRanges(outcomes);
    const checkpoints = await checkCheckpoints(reader, publicKey, algorithm, pageSize);
    const firstBreak = chain.firstBreak ?? (await truncation(reader, chain, checkpoints.last));
    const intactEntries = firstBreak === null ? chain.last : Math.max(firstBreak.seq - 1, 0);
    const external =
      options.external === undefined
        ? null
        : await checkExternalCheckpoints(reader, options.external, await reader.lastSeq());
    return {
      intact:
        firstBreak === null &&
        checkpoints.firstProblem(intactEntries) === null &&
        (external?.firstProblem ?? null) === null,
      entries: intactEntries,
      erased: chain.erased,
      checkpoints: checkpoints.count,
      firstBreak,
      firstCheckpointProblem: checkpoints.firstProblem(intactEntries),
      external,
    };
  } finally {
    await reader.close();
  }
}

/**
 * Ranges of `size` from entry 1 to `total`; the last one has no end, so that entries
 * appended while the verifier runs are checked as one pass would.
 */
export function splitRanges(total: number, size: number): EntryRange[] {
  const ranges: EntryRange[] = [];
  for (let from = 1; from + size <= total; from += size) {
    ranges.push({ from, to: from + size - 1 });
  }
  ranges.push({ from: (ranges.at(-1)?.to ?? 0) + 1, to: null });
  return ranges;
}

interface CheckpointFindings {
  readonly count: number;
  /** The highest checkpointed entry, 0 when there is no checkpoint. */
  readonly last: number;
  /** The first bad checkpoint, given that entries 1 to `intactEntries` are intact. */
  firstProblem(intactEntries: number): CheckpointProblem | null;
}

/**
 * Checks every signature. Whether a checkpoint's head matches the chain counts only up to
 * the first break, so each one's match is kept and judged once the chain is joined.
 */
async function checkCheckpoints(
  reader: TrailReader,
  publicKey: KeyObject,
  algorithm: string,
  pageSize: number,
): Promise<CheckpointFindings> {
  let count = 0;
  let last = 0;
  let firstInvalid: number | null = null;
  const mismatches: number[] = [];
  for (let after = 0; ; ) {
    const page = await reader.checkpoints(after, pageSize);
    const end = page.at(-1);
    if (end === undefined) break;
    for (const row of page) {
      count += 1;
      if (firstInvalid === null && !(await signatureHolds(row, publicKey, algorithm))) {
        firstInvalid = row.seq;
      }
      if (matchesEntry(row) === false) mismatches.push(row.seq);
    }
    after = end.seq;
    last = end.seq;
  }
  return {
    count,
    last,
    firstProblem(intactEntries) {
      const mismatch = mismatches.find((seq) => seq >= 1 && seq <= intactEntries) ?? null;
      if (firstInvalid !== null && (mismatch === null || firstInvalid <= mismatch)) {
        return { seq: firstInvalid, kind: 'signature-invalid' };
      }
      return mismatch === null ? null : { seq: mismatch, kind: 'head-mismatch' };
    },
  };
}

function matchesEntry(row: StoredCheckpoint): boolean | null {
  return row.entry_hash === null ? null : row.entry_hash === row.head_hash;
}

/** Entries cut off the end leave the head row or a checkpoint pointing past the last one. */
async function truncation(
  reader: TrailReader,
  chain: { readonly last: number; readonly lastHash: string },
  lastCheckpoint: number,
): Promise<ChainBreak | null> {
  const head = await reader.head();
  const headSeq = head === undefined ? chain.last : head.seq;
  if (lastCheckpoint > chain.last || headSeq > chain.last) {
    return { seq: chain.last + 1, kind: 'removed' };
  }
  if (head !== undefined && head.hash !== chain.lastHash)
    return { seq: chain.last, kind: 'altered' };
  return null;
}
