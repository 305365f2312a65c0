import { expect, it } from 'vitest';
import type { PublishedTable } from '../../../broker/audit/statistics/cell-suppression.ts';
import type {
  AgeBand,
  CaseType,
  EvaluationOutcome,
  Gender,
} from '../../../broker/store/domain-vocabulary.ts';
import { caseStatistics } from '../../../broker/store/migrations/0008-case-statistics.ts';
import { withDatabase } from '../../support/audit.ts';
import {
  NETWORK,
  POLICE,
  PROCESS_DIRECTOR,
  REGISTRATION,
  YOUTH_CARE,
} from '../../support/case-fixtures.ts';
import { describeOnEveryDatabase, type StoreContext } from '../../support/databases.ts';
import {
  alternativeTable,
  gridOf,
  isConsistent,
  recoverByLinearAlgebra,
  trueGridOf,
} from '../audit/statistics/recover.ts';
import { dumpTables, sqliteBytes } from './database-dump.ts';

interface Person {
  readonly nationalId: string;
  readonly ageBand: AgeBand;
  readonly gender: Gender;
}

/** A case through the whole process, closed with `outcome` at the clock's time. */
async function closedCase(
  ctx: StoreContext,
  caseType: CaseType,
  outcome: EvaluationOutcome,
  persons: readonly Person[],
) {
  const { store } = ctx;
  const registered = await store.cases.register(NETWORK, POLICE, { ...REGISTRATION, caseType });
  const id = registered.id;
  await store.cases.startTriage(NETWORK, id, PROCESS_DIRECTOR);
  await store.cases.accept(NETWORK, id, PROCESS_DIRECTOR);
  await store.participants.appointCaseDirector(NETWORK, id, PROCESS_DIRECTOR, YOUTH_CARE);
  await store.cases.startMonitoring(NETWORK, id, PROCESS_DIRECTOR);
  const added = [];
  for (const person of persons) added.push(await store.persons.add(NETWORK, id, POLICE, person));
  await store.cases.close(NETWORK, id, PROCESS_DIRECTOR, outcome);
  return { caseId: id, persons: added };
}

const report = (ctx: StoreContext, from = 2026, to = 2026) =>
  ctx.store.caseReports.report(NETWORK, { from, to, threshold: 10 });

/** The cells of a table in its rows' and columns' names, zeros left out. */
function counted(table: PublishedTable & { rows: readonly string[]; columns: readonly string[] }) {
  const out: Record<string, unknown> = {};
  table.rows.forEach((row, r) => {
    table.columns.forEach((column, c) => {
      const value = table.cells[r]?.[c];
      if (value !== 0) out[`${row}/${column}`] = value;
    });
  });
  return out;
}

describeOnEveryDatabase('the yearly report outlives the deletion of its cases', (ctx, dialect) => {
  it('still counts cases the retention job deleted, and no table or file keeps who they were', async () => {
    ctx.clock.set('2026-05-04T08:00:00.000Z');
    const family = (n: number): Person[] => [
      { nationalId: `DV${n}FATHER01`, ageBand: '24-54', gender: 'male' },
      { nationalId: `DV${n}CHILD0001`, ageBand: '4-12', gender: 'female' },
    ];
    const violence = [];
    for (const n of [1, 2, 3]) {
      violence.push(
        await closedCase(ctx, 'domestic_violence', 'positive_with_involvement', family(n)),
      );
    }
    for (let n = 0; n < 11; n++) {
      await closedCase(ctx, 'multi_problem', 'positive_without_involvement', [
        { nationalId: `MP${n}PERSON01`, ageBand: '18-23', gender: 'male' },
      ]);
    }
    const before = await report(ctx);
    const sealed = (
      JSON.parse((await dumpTables(ctx)).get('persons') ?? '[]') as {
        national_id_sealed: string;
      }[]
    ).map((row) => row.national_id_sealed);

    const { deleted } = await ctx.store.retention.run(new Date('2027-05-04T08:00:00.000Z'));
    expect(deleted).toHaveLength(14);
    const after = await report(ctx);
    expect(after).toEqual(before);
    const { casesByType, outcomes, ageBandsByGender, lifeDomains } = after.tables;
    expect(counted(casesByType)).toEqual({
      'domestic_violence/2026': '<10',
      'multi_problem/2026': '≥10',
    });
    expect(casesByType.total).toBe(14);
    expect(counted(outcomes)).toEqual({
      'positive_with_involvement/2026': '<10',
      'positive_without_involvement/2026': '≥10',
    });
    expect(ageBandsByGender.rowTotals).toEqual(['<10', '≥10', 0, 0]);
    expect(ageBandsByGender.total).toBe(17);
    expect(lifeDomains.columnTotals).toEqual([42]);

    const secrets = [
      ...violence.flatMap(({ caseId, persons }) => [
        caseId,
        ...persons.flatMap((p) => [p.id, p.pseudonym]),
      ]),
      ...[1, 2, 3].flatMap((n) => family(n).map((p) => p.nationalId)),
      ...sealed,
    ];
    // No table holds any of it, the audit trail (whose entries about the cases had their
    // subject erased) and the statistics among them; nor, on SQLite, the file's bytes.
    const dump = await dumpTables(ctx);
    expect(dump.has('case_statistics')).toBe(true);
    expect(dump.has('audit_entries')).toBe(true);
    for (const [table, rows] of dump) {
      for (const secret of secrets) expect(rows, `${table} holds ${secret}`).not.toContain(secret);
    }
    if (dialect === 'sqlite') {
      const bytes = sqliteBytes(ctx.sqliteFile as string);
      for (const secret of secrets) expect(bytes, 'a deleted identifier').not.toContain(secret);
    }
  });

  it('hides a count of 3 so that no total gives it away', async () => {
    ctx.clock.set('2026-05-04T08:00:00.000Z');
    for (let n = 0; n < 3; n++) {
      await closedCase(ctx, 'neglect', 'negative_without_solutions', [
        { nationalId: `NG${n}CHILD001`, ageBand: '0-3', gender: 'female' },
      ]);
    }
    for (let n = 0; n < 12; n++) {
      await closedCase(ctx, 'domestic_violence', 'positive_with_involvement', [
        { nationalId: `DV${n}PARENT01`, ageBand: '24-54', gender: n % 2 === 0 ? 'male' : 'female' },
      ]);
    }
    ctx.clock.set('2027-02-10T08:00:00.000Z');
    for (let n = 0; n < 14; n++) {
      await closedCase(ctx, 'domestic_violence', 'positive_without_involvement', [
        { nationalId: `DW${n}PARENT01`, ageBand: '24-54', gender: 'female' },
      ]);
    }
    const { tables } = await report(ctx, 2026, 2027);
    const neglect = tables.casesByType.rows.indexOf('neglect');
    expect(tables.casesByType.cells[neglect]?.[0]).toBe('<10');
    expect(tables.casesByType.rowTotals[neglect]).toBe('<10');
    for (const name of ['casesByType', 'outcomes', 'ageBandsByGender', 'lifeDomains'] as const) {
      const table = tables[name];
      expect(recoverByLinearAlgebra(table), name).toEqual([]);
      expect([...table.cells.flat(), ...table.rowTotals, ...table.columnTotals]).not.toContain(3);
      const truth = trueGridOf(await trueCounts(ctx, name));
      gridOf(table).forEach((line, row) => {
        line.forEach((shown, column) => {
          if (shown !== '<10') return;
          const other = alternativeTable(table, truth, { row, column });
          expect(other, `${name} ${row},${column}`).not.toBeNull();
          expect(isConsistent(table, other as number[][])).toBe(true);
        });
      });
    }
  });

  it('takes a reopened case out of the counts and counts it once when it closes again', async () => {
    ctx.clock.set('2026-05-04T08:00:00.000Z');
    const { caseId } = await closedCase(ctx, 'neighbour_dispute', 'reopened', []);
    const neighbours = async () => {
      const { casesByType } = (await report(ctx)).tables;
      return casesByType.rowTotals[casesByType.rows.indexOf('neighbour_dispute')];
    };
    expect(await neighbours()).toBe('<10');
    ctx.clock.set('2026-06-01T08:00:00.000Z');
    await ctx.store.cases.reopen(NETWORK, caseId, PROCESS_DIRECTOR);
    expect(await neighbours()).toBe(0);
    await ctx.store.cases.startMonitoring(NETWORK, caseId, PROCESS_DIRECTOR);
    ctx.clock.set('2026-09-01T08:00:00.000Z');
    await ctx.store.cases.close(NETWORK, caseId, PROCESS_DIRECTOR, 'positive_with_involvement');
    const { outcomes } = (await report(ctx)).tables;
    expect(counted(outcomes)).toEqual({ 'positive_with_involvement/2026': '<10' });
    expect(await statisticsRows(ctx)).toBe(1);
  });

  it('gives the cases closed before migration 0008 their records when it runs', async () => {
    ctx.clock.set('2026-05-04T08:00:00.000Z');
    await closedCase(ctx, 'youth_crime', 'positive_without_involvement', []);
    await ctx.execute('DROP TABLE case_statistics');
    // The migration's own step on the database as it stood: later migrations ran too.
    await withDatabase(ctx.url, (db) => caseStatistics().up(db));
    const { casesByType } = (
      await ctx.store.caseReports.report(NETWORK, { from: 2026, to: 2026, threshold: 10 })
    ).tables;
    expect(counted(casesByType)).toEqual({ 'youth_crime/2026': '<10' });
  });

  it('counts a registration triage advised back as not taken up', async () => {
    const { store } = ctx;
    const registered = await store.cases.register(NETWORK, POLICE, REGISTRATION);
    await store.cases.startTriage(NETWORK, registered.id, PROCESS_DIRECTOR);
    await store.cases.adviseRegistrant(NETWORK, registered.id, PROCESS_DIRECTOR);
    const { outcomes } = (await report(ctx)).tables;
    expect(counted(outcomes)).toEqual({ 'not_taken_up/2026': '<10' });
  });
});

async function statisticsRows(ctx: StoreContext): Promise<number> {
  return (JSON.parse((await dumpTables(ctx)).get('case_statistics') ?? '[]') as unknown[]).length;
}

/** The true counts of a report table, from the rows of the statistics themselves. */
async function trueCounts(ctx: StoreContext, name: string): Promise<number[][]> {
  const records = JSON.parse((await dumpTables(ctx)).get('case_statistics') ?? '[]') as {
    closed_year: number;
    case_type: string;
    outcome: string;
    life_domains: string;
    persons: string;
  }[];
  const { tables } = await report(ctx, 2026, 2027);
  const table = tables[name as keyof typeof tables];
  const grid = table.rows.map(() => table.columns.map(() => 0));
  const add = (row: string, column: string, n = 1) => {
    const line = grid[table.rows.indexOf(row)] as number[];
    const c = table.columns.indexOf(column);
    line[c] = (line[c] ?? 0) + n;
  };
  for (const r of records) {
    const year = String(r.closed_year);
    if (name === 'casesByType') add(r.case_type, year);
    if (name === 'outcomes') add(r.outcome, year);
    if (name === 'lifeDomains') for (const d of JSON.parse(r.life_domains)) add(d, year);
    if (name === 'ageBandsByGender') {
      for (const p of JSON.parse(r.persons)) add(p.gender, p.ageBand, p.count);
    }
  }
  return grid;
}
