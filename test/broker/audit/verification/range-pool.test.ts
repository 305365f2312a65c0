import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { splitRanges } from '../../../../broker/audit/verification/chain-verifier.ts';
import { openTrailReader } from '../../../../broker/audit/verification/open-trail-reader.ts';
import { joinRanges } from '../../../../broker/audit/verification/range-join.ts';
import { checkRanges } from '../../../../broker/audit/verification/range-pool.ts';
import type { TrailReader } from '../../../../broker/audit/verification/trail-reader.ts';
import { appendPulls, dropAppendOnlyTriggers, headSeq } from '../../../support/audit.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';

describeOnEveryDatabase('checking ranges on this thread and a worker thread', (ctx, dialect) => {
  let reader: TrailReader;
  beforeEach(async () => {
    await appendPulls(ctx.store, 25);
    reader = await openTrailReader(ctx.url);
  });
  afterEach(() => reader.close());

  /** This thread's reader, slowed down so that the worker takes most ranges. */
  const slowHere = (taken: number[]): TrailReader => ({
    ...reader,
    entries: async (after, upTo, limit) => {
      if (!taken.includes(after)) taken.push(after);
      await sleep(100);
      return reader.entries(after, upTo, limit);
    },
    entry: (seq) => reader.entry(seq),
  });

  it('joins what the worker checked with what this thread checked, in order', async () => {
    const last = await headSeq(ctx.url);
    await ctx.execute(dropAppendOnlyTriggers(dialect));
    await ctx.execute(`UPDATE audit_entries SET decision = 'deny' WHERE seq = ${last - 2}`);
    const ranges = splitRanges(last, 3);
    const taken: number[] = [];
    const outcomes = await checkRanges(slowHere(taken), ranges, {
      databaseUrl: ctx.url,
      threads: 2,
      pageSize: 2,
      onChecked: () => {},
    });
    expect(taken.length).toBeLessThan(outcomes.length);
    expect(joinRanges(outcomes).firstBreak).toEqual({ seq: last - 2, kind: 'altered' });
  });

  it('fails rather than report on a trail a worker could not read', async () => {
    const outcomes = checkRanges(reader, splitRanges(await headSeq(ctx.url), 3), {
      databaseUrl: 'sqlite:/nonexistent/broker.sqlite',
      threads: 2,
      pageSize: 2,
      onChecked: () => {},
    });
    await expect(outcomes).rejects.toThrow();
  });
});
