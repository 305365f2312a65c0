import { describe, expect, it } from 'vitest';
import { RequestInvalidError } from '../../../../adapters/contract/coded-error.ts';
import {
  exchangeStatistics,
  type StatisticsQuery,
  type StatisticsTable,
  statisticsCsv,
  statisticsParametersSchema,
} from '../../../../broker/audit/statistics/exchange-statistics.ts';
import type { AuditRecord } from '../../../../broker/audit/trail/audit-record.ts';
import { withDatabase } from '../../../support/audit.ts';
import { describeOnEveryDatabase, type StoreContext } from '../../../support/databases.ts';
import { recoverByLinearAlgebra } from './recover.ts';

const MARCH = new Date('2026-03-10T12:00:00.000Z');
const APRIL = new Date('2026-04-20T08:30:00.000Z');

function pull(at: Date, requester: string, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    type: 'exchange.pull',
    at,
    network: 'bonaire',
    requester: { organisation: requester, user: 'medewerker-1', role: 'case_participant' },
    provider: 'politie-cn',
    recipient: requester,
    caseId: 'case-1',
    personPseudonym: 'pseudonym-1',
    purpose: 'case_meeting',
    requestedCategories: ['police_incidents'],
    categories: ['police_incidents'],
    decision: 'allow',
    ...overrides,
  };
}

function push(at: Date, recipient: string): AuditRecord {
  return {
    type: 'exchange.push',
    at,
    network: 'bonaire',
    requester: { organisation: 'politie-cn', user: 'agent-17' },
    provider: 'politie-cn',
    recipient,
    caseId: 'case-1',
    purpose: 'safety_assessment',
    requestedCategories: ['police_incidents'],
    categories: ['police_incidents'],
    decision: 'allow',
  };
}

async function append(ctx: StoreContext, record: AuditRecord, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) await ctx.store.audit.append(record);
}

/**
 * March: 30 pulls by youth care, 4 denied pulls by the school, 12 pushes by the police to
 * youth care and 2 to the school; April: 20, 15 and 3. Around them what is no exchange:
 * a delivery, a decision, another network's pull.
 */
async function recordSpring(ctx: StoreContext): Promise<void> {
  await append(ctx, pull(MARCH, 'jeugdzorg-cn'), 30);
  await append(
    ctx,
    pull(MARCH, 'sgb', {
      decision: 'deny',
      categories: [],
      reasons: ['NOT_CASE_PARTICIPANT'],
    }),
    4,
  );
  await append(ctx, push(MARCH, 'jeugdzorg-cn'), 12);
  await append(ctx, push(MARCH, 'sgb'), 2);
  await append(ctx, pull(APRIL, 'jeugdzorg-cn'), 20);
  await append(ctx, pull(APRIL, 'sgb'), 15);
  await append(ctx, push(APRIL, 'jeugdzorg-cn'), 3);
  await append(ctx, { ...push(MARCH, 'jeugdzorg-cn'), type: 'exchange.push.delivered' }, 2);
  await append(ctx, { ...pull(MARCH, 'jeugdzorg-cn'), type: 'decision' }, 1);
  await append(ctx, { ...pull(MARCH, 'jeugdzorg-cn'), network: 'elders' }, 1);
}

function query(overrides: Partial<StatisticsQuery> = {}): StatisticsQuery {
  return {
    network: 'bonaire',
    scope: { kind: 'network' },
    from: new Date('2026-03-01T00:00:00.000Z'),
    to: new Date('2026-05-01T00:00:00.000Z'),
    period: 'month',
    by: 'organisation',
    threshold: 10,
    ...overrides,
  };
}

function statistics(ctx: StoreContext, overrides: Partial<StatisticsQuery> = {}) {
  return withDatabase(ctx.url, (db) => exchangeStatistics(db, query(overrides)));
}

/** The table in the attacker's terms: its cells, row totals, column totals and total. */
function published(table: StatisticsTable) {
  const cells = (record: Readonly<Record<string, number | string>>) =>
    table.columns.map((column) => record[column] as number | string);
  return {
    cells: table.rows.map((row) => cells(row.cells)),
    rowTotals: table.rows.map((row) => row.total),
    columnTotals: cells(table.totals.cells),
    total: table.totals.total,
  };
}

describeOnEveryDatabase('exchange statistics', (ctx) => {
  it('counts exchanges per month by requesting organisation, the small ones hidden for good', async () => {
    await recordSpring(ctx);
    const table = await statistics(ctx);

    expect(table).toMatchObject({
      network: 'bonaire',
      period: 'month',
      by: 'organisation',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
      threshold: 10,
      columns: ['jeugdzorg-cn', 'politie-cn', 'sgb'],
    });
    // Police 14 and 3, school 4 and 15: the 3 and the 4 are small, and their two partners
    // are hidden with them, so that the totals give neither away.
    expect(table.rows).toEqual([
      {
        period: '2026-03',
        cells: { 'jeugdzorg-cn': 30, 'politie-cn': '≥10', sgb: '<10' },
        total: 48,
      },
      {
        period: '2026-04',
        cells: { 'jeugdzorg-cn': 20, 'politie-cn': '<10', sgb: '≥10' },
        total: 38,
      },
    ]);
    expect(table.totals).toEqual({
      cells: { 'jeugdzorg-cn': 50, 'politie-cn': 17, sgb: 19 },
      total: 86,
    });
    expect(recoverByLinearAlgebra(published(table))).toEqual([]);
    const inSmallBatches = await withDatabase(ctx.url, (db) =>
      exchangeStatistics(db, query(), { batchSize: 7 }),
    );
    expect(inSmallBatches).toEqual(table);
  });

  it('shows a partner only the exchanges its organisation requested, provided or received', async () => {
    await recordSpring(ctx);
    // A push recorded before the recipient had a column of its own names it in its details.
    const { recipient: _, ...legacy } = push(APRIL, 'sgb');
    await append(ctx, { ...legacy, details: { recipient: 'sgb' } }, 1);

    const table = await statistics(ctx, {
      scope: { kind: 'organisation', organisation: 'sgb' },
      by: 'recipient',
      threshold: 3,
    });

    expect(table.columns).toEqual(['sgb']);
    expect(table.rows).toEqual([
      { period: '2026-03', cells: { sgb: 6 }, total: 6 },
      { period: '2026-04', cells: { sgb: 16 }, total: 16 },
    ]);
    expect(table.totals.total).toBe(22);
    const inSmallBatches = await withDatabase(ctx.url, (db) =>
      exchangeStatistics(
        db,
        query({
          scope: { kind: 'organisation', organisation: 'sgb' },
          by: 'recipient',
          threshold: 3,
        }),
        { batchSize: 5 },
      ),
    );
    expect(inSmallBatches).toEqual(table);
  });

  it('counts each requested category and each reason code of an exchange', async () => {
    const partly = pull(MARCH, 'sgb', {
      requestedCategories: ['police_incidents', 'school_attendance'],
      categories: ['school_attendance'],
      categoryReasons: [
        { category: 'police_incidents', code: 'CONSENT_MISSING' },
        { category: 'police_incidents', code: 'PURPOSE_PHASE_MISMATCH' },
      ],
    });
    await append(ctx, partly, 3);
    await append(ctx, pull(MARCH, 'jeugdzorg-cn'), 4);

    const byCategory = await statistics(ctx, { by: 'category', threshold: 3 });
    expect(byCategory.columns).toEqual(['police_incidents', 'school_attendance']);
    expect(byCategory.rows[0]).toEqual({
      period: '2026-03',
      cells: { police_incidents: 7, school_attendance: 3 },
      total: 10,
    });

    const byReason = await statistics(ctx, { by: 'reason', threshold: 3 });
    expect(byReason.columns).toEqual(['(none)', 'CONSENT_MISSING', 'PURPOSE_PHASE_MISMATCH']);
    expect(byReason.rows[0]?.cells).toEqual({
      '(none)': 4,
      CONSENT_MISSING: 3,
      PURPOSE_PHASE_MISMATCH: 3,
    });
  });

  it('counts by quarter over the whole quarters a range touches, and by decision', async () => {
    await recordSpring(ctx);
    const table = await statistics(ctx, {
      period: 'quarter',
      by: 'decision',
      from: new Date('2026-03-15T00:00:00.000Z'),
      to: new Date('2026-04-02T00:00:00.000Z'),
    });

    expect(table).toMatchObject({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-07-01T00:00:00.000Z',
    });
    expect(table.rows).toEqual([
      { period: '2026-Q1', cells: { allow: '≥10', deny: '<10' }, total: 48 },
      { period: '2026-Q2', cells: { allow: 38, deny: 0 }, total: 38 },
    ]);
    expect(table.totals).toEqual({ cells: { allow: '≥10', deny: '<10' }, total: 86 });
    expect(recoverByLinearAlgebra(published(table))).toEqual([]);
  });

  it('answers a range without exchanges with its periods and no columns', async () => {
    const table = await statistics(ctx, {
      period: 'year',
      from: new Date('2024-01-01'),
      to: new Date('2026-01-01'),
    });
    expect(table.columns).toEqual([]);
    expect(table.rows).toEqual([
      { period: '2024', cells: {}, total: 0 },
      { period: '2025', cells: {}, total: 0 },
    ]);
  });

  it('refuses a query out of bounds with REQUEST_INVALID', async () => {
    const refused = (overrides: Partial<StatisticsQuery>) =>
      statistics(ctx, overrides).then(
        () => null,
        (error: unknown) => error,
      );
    for (const overrides of [
      { from: new Date('2026-05-01'), to: new Date('2026-05-01') },
      { from: new Date('2000-01-01'), to: new Date('2026-01-01') },
      { threshold: 2 },
      { by: 'person' as never },
    ]) {
      const error = await refused(overrides);
      expect(error).toBeInstanceOf(RequestInvalidError);
      expect((error as RequestInvalidError).issues?.length).toBeGreaterThan(0);
    }
  });
});

describe('exchange statistics as CSV and from parameters', () => {
  it('renders a line per period and a line of totals, quoting what needs it', () => {
    const table: StatisticsTable = {
      network: 'bonaire',
      scope: { kind: 'network' },
      period: 'month',
      by: 'purpose',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
      threshold: 10,
      columns: ['case_meeting', 'odd,"name"'],
      rows: [
        { period: '2026-03', cells: { case_meeting: 30, 'odd,"name"': '<10' }, total: '≥10' },
        { period: '2026-04', cells: { case_meeting: 20, 'odd,"name"': '≥10' }, total: '≥10' },
      ],
      totals: { cells: { case_meeting: 50, 'odd,"name"': 19 }, total: 69 },
    };
    expect(statisticsCsv(table)).toBe(
      [
        'period,case_meeting,"odd,""name""",total',
        '2026-03,30,<10,≥10',
        '2026-04,20,≥10,≥10',
        'total,50,19,69',
        '',
      ].join('\n'),
    );
  });

  it('reads query parameters with their defaults', () => {
    expect(
      statisticsParametersSchema.parse({
        from: '2026-01-01',
        to: '2027-01-01T00:00:00Z',
        by: 'purpose',
      }),
    ).toEqual({
      from: new Date('2026-01-01T00:00:00.000Z'),
      to: new Date('2027-01-01T00:00:00.000Z'),
      period: 'month',
      by: 'purpose',
      threshold: 10,
    });
    expect(
      statisticsParametersSchema.safeParse({ from: 'yesterday', to: '2026-01-01', by: 'purpose' })
        .success,
    ).toBe(false);
  });
});
