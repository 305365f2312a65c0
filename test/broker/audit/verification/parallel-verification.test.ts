import { beforeEach, expect, it } from 'vitest';
import { entryHash } from '../../../../broker/audit/trail/entry-hash.ts';
import { useTamperableTrail, verifyAt, withDatabase } from '../../../support/audit.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';

/** Ranges of five entries on two threads: a worker thread checks some of them. */
const RANGE = 5;
const PARALLEL = { threads: 2, rangeSize: RANGE } as const;

describeOnEveryDatabase('verifying the trail in ranges on worker threads', (ctx, dialect) => {
  const trail = useTamperableTrail(ctx, dialect, 25);
  /** The last entry of a range, with whole ranges of pulls before and after it. */
  let rangeEnd: number;
  beforeEach(() => {
    rangeEnd = Math.ceil((trail.base + 1 + RANGE) / RANGE) * RANGE;
  });

  /** The parallel verdict, which must be the one-thread verdict to the letter. */
  const verifyBothWays = async () => {
    const parallel = await verifyAt(ctx.url, trail.keys.key, PARALLEL);
    expect(parallel).toEqual(await verifyAt(ctx.url, trail.keys.key, { threads: 1 }));
    return parallel;
  };
  const alter = (seqs: readonly number[]) =>
    ctx.execute(`UPDATE audit_entries SET purpose = 'investigation' WHERE seq IN (${seqs})`);

  it('finds the untouched trail intact', async () => {
    expect(await verifyBothWays()).toEqual({
      intact: true,
      entries: trail.last,
      erased: 0,
      checkpoints: 1,
      firstBreak: null,
      firstCheckpointProblem: null,
      external: null,
    });
  });

  it('names the first entry of a range', async () => {
    await alter([rangeEnd + 1]);
    expect((await verifyBothWays()).firstBreak).toEqual({ seq: rangeEnd + 1, kind: 'altered' });
  });

  it('names the last entry of a range whose hash was recomputed, across the boundary', async () => {
    await withDatabase(ctx.url, async (db) => {
      const row = await db
        .selectFrom('audit_entries')
        .selectAll()
        .where('seq', '=', rangeEnd)
        .executeTakeFirstOrThrow();
      const { hash: _old, ...columns } = row;
      const forged = { ...columns, seq: rangeEnd, purpose: 'investigation' };
      await db
        .updateTable('audit_entries')
        .set({ purpose: forged.purpose, hash: entryHash(forged) })
        .where('seq', '=', rangeEnd)
        .execute();
    });
    expect((await verifyBothWays()).firstBreak).toEqual({ seq: rangeEnd, kind: 'altered' });
  });

  it('names the first and the last entry of the trail', async () => {
    await alter([trail.last]);
    expect((await verifyBothWays()).firstBreak).toEqual({ seq: trail.last, kind: 'altered' });
    await alter([1]);
    expect((await verifyBothWays()).firstBreak).toEqual({ seq: 1, kind: 'altered' });
  });

  it('names the lower of two breaks in different ranges', async () => {
    // The later range breaks at its start, the earlier one only near its end.
    await alter([rangeEnd - 1, rangeEnd + 1]);
    expect((await verifyBothWays()).firstBreak).toEqual({ seq: rangeEnd - 1, kind: 'altered' });
  });

  it('names an entry deleted from the end of a range', async () => {
    await ctx.execute(`DELETE FROM audit_entries WHERE seq = ${rangeEnd}`);
    expect((await verifyBothWays()).firstBreak).toEqual({ seq: rangeEnd, kind: 'removed' });
  });

  it('names entries swapped across a range boundary', async () => {
    const [a, b] = [rangeEnd - 1, rangeEnd + 2];
    await ctx.execute(`UPDATE audit_entries SET seq = -1 WHERE seq = ${a}`);
    await ctx.execute(`UPDATE audit_entries SET seq = ${a} WHERE seq = ${b}`);
    await ctx.execute(`UPDATE audit_entries SET seq = ${b} WHERE seq = -1`);
    expect((await verifyBothWays()).firstBreak).toEqual({ seq: a, kind: 'reordered' });
  });
});
