import { hash } from 'node:crypto';
import { ERASED_SUBJECT_JSONS, entryHash, subjectHash, subjectJson } from '../trail/entry-hash.ts';
import type { TrailReader } from './trail-reader.ts';
import type { ChainBreak } from './verification-report.ts';

/** Entries `from` to `to` of the chain; the last range has no `to` and runs to the end. */
export interface EntryRange {
  readonly from: number;
  readonly to: number | null;
}

/**
 * What one range found, checked on its own: the link from entry `from` to the entry
 * before it is taken on trust, because that entry belongs to the range before. The
 * join (range-join.ts) checks that link against the previous range's last hash.
 */
export interface RangeOutcome {
  readonly range: EntryRange;
  /** Entry `from` as found, or null when it is missing. */
  readonly first: { readonly prevHash: string; readonly holds: boolean } | null;
  /** The first break inside the range, given that trusted link. */
  readonly firstBreak: ChainBreak | null;
  /** The last entry checked intact (`from - 1` when none) and its stored hash. */
  readonly last: number;
  readonly lastHash: string | null;
  /** Entries checked whose subject was erased, their retention past. */
  readonly erased: number;
}

/**
 * Walks one range in order as the single-pass verifier would: every entry's hash
 * recomputed, every link to its predecessor checked, stopping at the first break.
 * `onChecked` hears how many entries each page added.
 */
export async function checkRange(
  reader: TrailReader,
  range: EntryRange,
  pageSize: number,
  onChecked: (entries: number) => void,
): Promise<RangeOutcome> {
  let expected = range.from;
  let prevHash: string | null = null;
  let first: RangeOutcome['first'] = null;
  let erased = 0;
  const outcome = (firstBreak: ChainBreak | null): RangeOutcome => ({
    range,
    first,
    firstBreak,
    last: expected - 1,
    lastHash: expected > range.from ? prevHash : null,
    erased,
  });
  for (;;) {
    const page = await reader.entries(expected - 1, range.to, pageSize);
    if (page.length === 0) break;
    for (const [seq, storedHash, storedPrev, canonical, subject, subjectSha, erasedAt] of page) {
      if (seq !== expected) return outcome({ seq: expected, kind: 'removed' });
      const chained =
        hash('sha256', canonical, 'hex') === storedHash || (await holdsExactly(reader, seq));
      const standing = subjectStands(subject, subjectSha, erasedAt);
      const holds = chained && standing !== false;
      if (holds && standing === 'erased') erased += 1;
      if (prevHash === null) {
        first = { prevHash: storedPrev, holds };
        prevHash = storedPrev;
      }
      if (!holds) {
        return outcome({ seq, kind: storedPrev === prevHash ? 'altered' : 'reordered' });
      }
      if (storedPrev !== prevHash) {
        // This entry is intact and names its predecessor's original hash: the predecessor
        // was altered and its hash recomputed to hide it.
        return outcome({ seq: seq - 1, kind: 'altered' });
      }
      prevHash = storedHash;
      expected += 1;
    }
    onChecked(page.length);
  }
  // A bounded range must reach its end: the next range starts after it.
  if (range.to !== null && expected <= range.to) return outcome({ seq: expected, kind: 'removed' });
  return outcome(null);
}

/**
 * The exact check, from the columns, for an entry whose database-spelled JSON did not
 * match: its hash, and its subject against the subject's digest.
 */
async function holdsExactly(reader: TrailReader, seq: number): Promise<boolean> {
  const row = await reader.entry(seq);
  if (row === undefined || entryHash(row) !== row.hash) return false;
  if (row.subject_sha256 === null) return true;
  return row.erased_at === null
    ? subjectHash(row) === row.subject_sha256
    : ERASED_SUBJECT_JSONS.has(subjectJson(row));
}

/**
 * Whether an entry's subject is as appended: true where the chain hashes it itself or its
 * digest matches; `erased` where it was erased (nothing left of it, not even the salt; the
 * subject's version is in the chain, so its erased form cannot be swapped for the other's);
 * false otherwise, an entry altered.
 */
function subjectStands(
  subject: string,
  subjectSha: string | null,
  erasedAt: string | null,
): boolean | 'erased' {
  if (subjectSha === null) return true;
  if (erasedAt !== null) return ERASED_SUBJECT_JSONS.has(subject) ? 'erased' : false;
  return hash('sha256', subject, 'hex') === subjectSha;
}
