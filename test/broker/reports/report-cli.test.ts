import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReportCli } from '../../../broker/reports/report-cli.ts';
import {
  acceptedCase,
  NETWORK,
  PROCESS_DIRECTOR,
  YOUTH_CARE,
} from '../../support/case-fixtures.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

async function report(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReportCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
  });
  return { code, out, err };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zvh-report-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true }));

describe('npm run report -- --help and mistakes', () => {
  it('shows its usage and exits 0', async () => {
    const run = await report(['--help']);
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(run.out.join('\n')).toContain('npm run report -- --from <year> --to <year>');
  });

  it('exits 2 with one line on a year out of bounds, before it opens anything', async () => {
    const run = await report(['--from', '2026', '--to', '2020']);
    expect(run).toEqual({
      code: 2,
      out: [],
      err: ['report: --to: must not lie before from (npm run report -- --help)'],
    });
  });

  it('exits 2 rather than create a database where there is none', async () => {
    const missing = join(dir, 'missing.sqlite');
    const run = await report(['--from', '2026', '--to', '2026', '--database', missing], {
      BROKER_STATE_DIR: dir,
    });
    expect(run.err).toEqual([
      `report: no SQLite database at ${missing} (npm run report -- --help)`,
    ]);
    expect(run.code).toBe(2);
  });
});

describeOnEveryDatabase('npm run report against the database', (ctx) => {
  it('prints the tables as CSV and records the reading', async () => {
    const { store } = ctx;
    const caseId = await acceptedCase(store);
    await store.participants.appointCaseDirector(NETWORK, caseId, PROCESS_DIRECTOR, YOUTH_CARE);
    await store.cases.startMonitoring(NETWORK, caseId, PROCESS_DIRECTOR);
    await store.cases.close(NETWORK, caseId, PROCESS_DIRECTOR, 'negative_without_solutions');
    const env = {
      BROKER_STATE_DIR: dir,
      BROKER_IDENTIFIER_KEY: Buffer.from(ctx.identifierSecret).toString('base64'),
      BROKER_NETWORK: NETWORK,
    };
    const run = await report(
      ['--from', '2025', '--to', '2026', '--database', ctx.url, '--as', 'procesregisseur-1'],
      env,
    );
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const lines = run.out.join('\n').split('\n');
    expect(lines[0]).toBe('table,row,column,count');
    expect(lines).toContain('casesByType,domestic_violence,2025,0');
    expect(lines).toContain('casesByType,domestic_violence,2026,<10');
    expect(lines).toContain('outcomes,negative_without_solutions,total,<10');
    expect(lines).toContain('lifeDomains,housing,2026,<10');
    const page = await store.auditQueries.search({
      network: NETWORK,
      scope: { kind: 'network' },
      type: 'audit.search',
    });
    expect(page.entries[0]).toMatchObject({
      requester: {
        organisation: 'zvh-bonaire',
        user: 'procesregisseur-1',
        role: 'process_director',
      },
      details: { action: 'case_report', via: 'cli', from: 2025, to: 2026, format: 'csv' },
    });
    const json = await report(
      ['--from', '2026', '--to', '2026', '--format', 'json', '--database', ctx.url],
      env,
    );
    expect(JSON.parse(json.out.join('')).tables.casesByType.total).toBe('<10');
  });
});
