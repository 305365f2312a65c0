import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../../broker/audit/trail/entry-hash.ts';
import { splitRanges } from '../../../../broker/audit/verification/chain-verifier.ts';
import type { RangeOutcome } from '../../../../broker/audit/verification/range-check.ts';
import { joinRanges } from '../../../../broker/audit/verification/range-join.ts';

const h = (n: number) => n.toString(16).padStart(64, '0');

/** An intact range whose entries chain `prev` → h(from) → … → h(to). */
function intact(from: number, to: number | null, last: number, prev = h(from - 1)): RangeOutcome {
  return {
    range: { from, to },
    first: { prevHash: prev, holds: true },
    firstBreak: null,
    last,
    lastHash: h(last),
    erased: 0,
  };
}

describe('joining ranges checked apart', () => {
  it('joins intact ranges into the chain one pass would walk', () => {
    const joined = joinRanges([
      intact(1, 5, 5, GENESIS_HASH),
      intact(6, 10, 10),
      intact(11, null, 13),
    ]);
    expect(joined).toEqual({ firstBreak: null, last: 13, lastHash: h(13), erased: 0 });
  });

  it('joins an empty trail and an empty last range', () => {
    expect(joinRanges([{ ...intact(1, null, 0), first: null, lastHash: null }])).toEqual({
      firstBreak: null,
      last: 0,
      lastHash: GENESIS_HASH,
      erased: 0,
    });
    const emptyTail: RangeOutcome = { ...intact(6, null, 5), first: null, lastHash: null };
    expect(joinRanges([intact(1, 5, 5, GENESIS_HASH), emptyTail])).toMatchObject({
      firstBreak: null,
      last: 5,
    });
  });

  it('names the last entry of a range whose hash was recomputed, from the next range', () => {
    // Entry 5 was altered and rehashed: range 1 holds on its own, entry 6 names the old hash.
    const first = { ...intact(1, 5, 5, GENESIS_HASH), lastHash: 'f'.repeat(64) };
    expect(joinRanges([first, intact(6, null, 9)]).firstBreak).toEqual({
      seq: 5,
      kind: 'altered',
    });
  });

  it('names a first entry that neither holds nor links as reordered', () => {
    const moved: RangeOutcome = {
      range: { from: 6, to: null },
      first: { prevHash: h(41), holds: false },
      firstBreak: { seq: 6, kind: 'altered' },
      last: 5,
      lastHash: null,
      erased: 0,
    };
    expect(joinRanges([intact(1, 5, 5, GENESIS_HASH), moved]).firstBreak).toEqual({
      seq: 6,
      kind: 'reordered',
    });
  });

  it('keeps a range’s own verdict on its first entry when the link into it holds', () => {
    const altered: RangeOutcome = {
      range: { from: 6, to: null },
      first: { prevHash: h(5), holds: false },
      firstBreak: { seq: 6, kind: 'altered' },
      last: 5,
      lastHash: null,
      erased: 0,
    };
    expect(joinRanges([intact(1, 5, 5, GENESIS_HASH), altered]).firstBreak).toEqual({
      seq: 6,
      kind: 'altered',
    });
  });

  it('names the lowest break when a later range also has one', () => {
    const early: RangeOutcome = {
      ...intact(1, 5, 3, GENESIS_HASH),
      firstBreak: { seq: 4, kind: 'removed' },
    };
    const later: RangeOutcome = { ...intact(6, null, 6), firstBreak: { seq: 7, kind: 'altered' } };
    expect(joinRanges([early, later]).firstBreak).toEqual({ seq: 4, kind: 'removed' });
  });

  it('names a break at the very first entry', () => {
    const first: RangeOutcome = {
      range: { from: 1, to: 5 },
      first: { prevHash: h(99), holds: false },
      firstBreak: { seq: 1, kind: 'altered' },
      last: 0,
      lastHash: null,
      erased: 0,
    };
    expect(joinRanges([first, intact(6, null, 8)]).firstBreak).toEqual({
      seq: 1,
      kind: 'reordered',
    });
  });

  it('refuses ranges that do not follow one another', () => {
    expect(() => joinRanges([intact(1, 5, 5, GENESIS_HASH), intact(7, null, 9)])).toThrow(
      RangeError,
    );
  });
});

describe('splitting the trail into ranges', () => {
  it('covers every entry once and leaves the last range open', () => {
    expect(splitRanges(0, 5)).toEqual([{ from: 1, to: null }]);
    expect(splitRanges(10, 5)).toEqual([
      { from: 1, to: 5 },
      { from: 6, to: null },
    ]);
    expect(splitRanges(11, 5)).toEqual([
      { from: 1, to: 5 },
      { from: 6, to: 10 },
      { from: 11, to: null },
    ]);
  });
});
