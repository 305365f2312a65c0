import { expect, it } from 'vitest';
import {
  type PeriodQuery,
  periodEntries,
  periodQuerySchema,
} from '../../../../broker/audit/export/period-entries.ts';
import type { AuditEntryView } from '../../../../broker/audit/search/audit-entry-view.ts';
import { withDatabase } from '../../../support/audit.ts';
import { describeOnEveryDatabase, type StoreContext } from '../../../support/databases.ts';
import { appendScript, PERIOD } from '../../../support/scripted-audit-trail.ts';

async function read(ctx: StoreContext, query: PeriodQuery, batchSize = 2) {
  return withDatabase(ctx.url, async (db) => {
    const entries: AuditEntryView[] = [];
    for await (const entry of periodEntries(db, query, batchSize)) entries.push(entry);
    return entries;
  });
}

describeOnEveryDatabase('the entries of a period', (ctx) => {
  it("reads one network's entries in [from, to), oldest first, across batches", async () => {
    const appended = await appendScript(ctx);
    const expected = appended
      .filter(({ entry }) => !entry.before && entry.record.network === 'bonaire')
      .map(({ seq }) => seq);

    for (const batchSize of [1, 2, 3, 1000]) {
      expect((await read(ctx, PERIOD, batchSize)).map((e) => e.seq)).toEqual(expected);
    }
    const elsewhere = await read(ctx, { ...PERIOD, network: 'elsewhere' });
    expect(elsewhere.map((e) => e.network)).toEqual(['elsewhere']);
  });

  it('takes an entry at the start of the period and leaves one at its end to the next', async () => {
    ctx.clock.set(PERIOD.from.toISOString());
    const atStart = await ctx.store.audit.append({
      type: 'domain.case.registered',
      network: 'bonaire',
    });
    ctx.clock.set(PERIOD.to.toISOString());
    const atEnd = await ctx.store.audit.append({
      type: 'domain.case.registered',
      network: 'bonaire',
    });

    expect((await read(ctx, PERIOD)).map((e) => e.seq)).toEqual([atStart.seq]);
    const nextDay = { ...PERIOD, from: PERIOD.to, to: new Date('2026-03-07T00:00:00.000Z') };
    expect((await read(ctx, nextDay)).map((e) => e.seq)).toEqual([atEnd.seq]);
    expect(
      await read(ctx, {
        ...PERIOD,
        to: new Date('2026-03-01T00:00:00.000Z'),
        from: new Date('2026-02-01T00:00:00.000Z'),
      }),
    ).toEqual([]);
  });

  it('keeps to the entries an organisation requested, provided or received', async () => {
    await appendScript(ctx);
    const part = (entries: AuditEntryView[]) =>
      entries.map((e) => `${e.type} ${e.exchangeId ?? e.requester?.organisation}`);

    expect(part(await read(ctx, { ...PERIOD, organisation: 'mhc' }))).toEqual([
      'exchange.pull exchange-pull-mhc',
      'exchange.push exchange-push-case',
      'exchange.push.rejected exchange-push-case',
    ]);
    expect(part(await read(ctx, { ...PERIOD, organisation: 'sgb' }))).toEqual([
      'access.refused sgb',
    ]);
    expect(await read(ctx, { ...PERIOD, organisation: 'forma' })).toEqual([]);
  });

  it('finds the recipient of a push recorded only in its details', async () => {
    ctx.clock.set('2026-03-05T10:00:00.000Z');
    await ctx.store.audit.append({
      type: 'exchange.push',
      network: 'bonaire',
      requester: { organisation: 'politie-cn', user: 'agent-17' },
      provider: 'politie-cn',
      caseId: 'case-1',
      purpose: 'case_meeting',
      decision: 'allow',
      details: { recipient: 'krusada' },
    });
    const entries = await read(ctx, { ...PERIOD, organisation: 'krusada' });
    expect(entries.map((e) => [e.type, e.recipient])).toEqual([['exchange.push', 'krusada']]);
    expect(await read(ctx, { ...PERIOD, organisation: 'mhc' })).toEqual([]);
  });
});

it('refuses a period that ends before it starts, or an unbounded batch', async () => {
  const never = async (query: PeriodQuery, batchSize?: number) => {
    const db = undefined as never;
    for await (const _ of periodEntries(db, query, batchSize)) return;
  };
  await expect(never({ ...PERIOD, to: PERIOD.from })).rejects.toThrow(TypeError);
  await expect(never({ ...PERIOD, from: new Date('not a date') })).rejects.toThrow(TypeError);
  await expect(never(PERIOD, 0)).rejects.toThrow(TypeError);
  await expect(never(PERIOD, 100_001)).rejects.toThrow(TypeError);

  expect(
    periodQuerySchema.parse({ from: '2026-03-01T00:00:00+01:00', to: '2026-04-01T00:00:00Z' }),
  ).toEqual({
    from: new Date('2026-02-28T23:00:00.000Z'),
    to: new Date('2026-04-01T00:00:00.000Z'),
  });
  expect(
    periodQuerySchema.safeParse({ from: '2026-04-01T00:00:00Z', to: '2026-03-01T00:00:00Z' })
      .success,
  ).toBe(false);
  expect(periodQuerySchema.safeParse({ from: '2026-03-01', to: 'tomorrow' }).success).toBe(false);
});
