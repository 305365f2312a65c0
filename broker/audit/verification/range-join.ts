import { GENESIS_HASH } from '../trail/entry-hash.ts';
import type { RangeOutcome } from './range-check.ts';
import type { ChainBreak } from './verification-report.ts';

export interface JoinedChain {
  /** The first break of the whole chain, by sequence number. */
  readonly firstBreak: ChainBreak | null;
  /** The last entry of the unbroken chain and its stored hash (0 and genesis when empty). */
  readonly last: number;
  readonly lastHash: string;
  /** Erased entries up to `last`. */
  readonly erased: number;
}

/**
 * Joins ranges checked apart into the verdict one pass from entry 1 would give. Each
 * range took the link into its first entry on trust; here that link meets the previous
 * range's last hash, in order, and the first range that breaks (at its boundary or
 * inside) names the break: every range before it is intact, so no lower entry is bad.
 *
 * @example
 * joinRanges([await checkRange(r, { from: 1, to: 500 }, ...), await checkRange(r, { from: 501, to: null }, ...)]);
 */
export function joinRanges(outcomes: readonly RangeOutcome[]): JoinedChain {
  let last = 0;
  let lastHash = GENESIS_HASH;
  let erased = 0;
  for (const outcome of outcomes) {
    if (outcome.range.from !== last + 1) {
      throw new RangeError(`range from ${outcome.range.from} does not follow entry ${last}`);
    }
    const { first } = outcome;
    if (first !== null && first.prevHash !== lastHash) {
      const seq = outcome.range.from;
      // As in one pass: a first entry that neither holds nor links is another entry's; one
      // that holds but names another predecessor hash says its predecessor was altered.
      const firstBreak: ChainBreak = first.holds
        ? { seq: seq - 1, kind: 'altered' }
        : { seq, kind: 'reordered' };
      return { firstBreak, last, lastHash, erased };
    }
    erased += outcome.erased;
    if (outcome.firstBreak !== null) {
      return { firstBreak: outcome.firstBreak, last, lastHash, erased };
    }
    if (outcome.lastHash !== null) {
      last = outcome.last;
      lastHash = outcome.lastHash;
    }
  }
  return { firstBreak: null, last, lastHash, erased };
}
