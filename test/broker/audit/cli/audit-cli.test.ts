import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAuditCli } from '../../../../broker/audit/cli/audit-cli.ts';
import type { AuditEntryView } from '../../../../broker/audit/search/audit-entry-view.ts';
import type { AuditRecord } from '../../../../broker/audit/trail/audit-record.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';

const NATIONAL_ID = '123456782';
const OTHER_ID = '987654321';
const CASE_ID = randomUUID();
const OTHER_CASE = randomUUID();
const COMMANDS = ['search', 'entry', 'subject', 'stats', 'status', 'export', 'verify'];

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** `npm run audit -- <args>` in this process, with `stdin` on standard input. */
async function audit(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
    ...(stdin === undefined ? {} : { readStdin: async () => stdin }),
  });
  return { code, out, err };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zvh-audit-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true }));

describe('npm run audit -- <command> --help', () => {
  it('lists every command', async () => {
    const run = await audit(['--help'], {});
    expect(run.code).toBe(0);
    for (const command of COMMANDS)
      expect(run.out.join('\n')).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each(COMMANDS)('%s --help shows its usage and exits 0', async (command) => {
    const run = await audit([command, '--help'], {});
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(run.out.join('\n')).toContain(`npm run audit -- ${command}`);
  });

  it('exits 2 with one line on a flag a command does not take', async () => {
    const run = await audit(['search', '--cas', CASE_ID], {});
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^audit: .*--cas.*\(npm run audit -- search --help\)$/);
  });

  it('exits 2 with one line on a filter out of bounds, before it opens anything', async () => {
    const run = await audit(['search', '--limit', '5000'], {});
    expect(run).toEqual({
      code: 2,
      out: [],
      err: [
        'audit: --limit: Too big: expected number to be <=1000 (npm run audit -- search --help)',
      ],
    });
  });

  it('exits 2 rather than create a database where there is none', async () => {
    const missing = join(dir, 'missing.sqlite');
    const period = ['--from', '2026-03-01', '--to', '2026-04-01'];
    const commands: [string, ...string[]][] = [
      ['search'],
      ['status'],
      ['stats', ...period, '--by', 'purpose'],
      ['export', ...period],
    ];
    for (const [command, ...args] of commands) {
      const run = await audit([command, ...args, '--database', missing], { BROKER_STATE_DIR: dir });
      expect(run.err, command).toEqual([
        `audit: no SQLite database at ${missing} (npm run audit -- ${command} --help)`,
      ]);
      expect(run.code).toBe(2);
    }
    expect(existsSync(missing)).toBe(false);
  });
});

describeOnEveryDatabase('npm run audit against the database', (ctx) => {
  let env: NodeJS.ProcessEnv;
  let database: string[];
  const personEntries: AuditRecord[] = [];

  beforeEach(async () => {
    env = {
      BROKER_STATE_DIR: dir,
      BROKER_IDENTIFIER_KEY: Buffer.from(ctx.identifierSecret).toString('base64'),
      BROKER_NETWORK: 'bonaire',
    };
    database = ['--database', ctx.url, '--as', 'fg-operator'];
    personEntries.length = 0;
    const pseudonym = ctx.store.persons.pseudonymOf(NATIONAL_ID);
    for (let i = 0; i < 3; i++) {
      personEntries.push(pull({ caseId: CASE_ID, personPseudonym: pseudonym, i }));
    }
    const records = [
      ...personEntries,
      pull({ caseId: OTHER_CASE, personPseudonym: ctx.store.persons.pseudonymOf(OTHER_ID), i: 9 }),
    ];
    for (const record of records) await ctx.store.audit.append(record);
  });

  async function reads(): Promise<AuditEntryView[]> {
    const page = await ctx.store.auditQueries.search({
      network: 'bonaire',
      scope: { kind: 'network' },
      type: 'audit.search',
    });
    return page.entries;
  }

  it('searches by case, as a table, and records the search', async () => {
    const run = await audit(['search', '--case', CASE_ID, ...database], env);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const [header, ...rows] = run.out;
    expect(header).toMatch(/^seq\s+at\s+type\s+requester/);
    expect(rows.filter((line) => line.includes('exchange.pull'))).toHaveLength(3);
    expect(run.out.at(-1)).toBe('3 entries');
    const [read] = await reads();
    expect(read).toMatchObject({
      requester: { organisation: 'zvh-bonaire', user: 'fg-operator', role: 'privacy_officer' },
      caseId: CASE_ID,
      details: { action: 'search', via: 'cli', results: 3 },
    });
  });

  it('searches by the person on standard input, and prints or records no identifier', async () => {
    const run = await audit(['search', '--person', '--json', ...database], env, `${NATIONAL_ID}\n`);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const page = JSON.parse(run.out.join('\n')) as { entries: AuditEntryView[]; next: null };
    expect(page.entries.map((e) => e.exchangeId).sort()).toEqual(
      personEntries.map((r) => r.exchangeId).sort(),
    );
    const [read] = await reads();
    expect(read?.personPseudonym).toBe(ctx.store.persons.pseudonymOf(NATIONAL_ID));
    expect(read?.details).toMatchObject({ action: 'search', via: 'cli', results: 3 });
    expect(JSON.stringify([run, read])).not.toContain(NATIONAL_ID);
  });

  it('refuses a person search without exactly one identifier on standard input', async () => {
    for (const stdin of ['', `${NATIONAL_ID}\n${OTHER_ID}\n`]) {
      const run = await audit(['search', '--person', ...database], env, stdin);
      expect(run.code).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(/^audit: standard input must hold the national identifier/);
      expect(run.err[0]).not.toContain(NATIONAL_ID);
    }
    expect(await reads()).toEqual([]);
  });

  it('shows one entry in full, and exits 1 for an entry the trail does not have', async () => {
    const [entry] = (
      await ctx.store.auditQueries.search({
        network: 'bonaire',
        scope: { kind: 'network' },
        caseId: OTHER_CASE,
      })
    ).entries;
    const run = await audit(['entry', String(entry?.seq), ...database], env);
    expect(run.code).toBe(0);
    expect(run.out).toContainEqual(expect.stringMatching(new RegExp(`^hash: +${entry?.hash}$`)));
    expect(run.out.join('\n')).toMatch(/^case: +.+$/m);
    const missing = await audit(['entry', '999999', ...database], env);
    expect(missing).toEqual({
      code: 1,
      out: [],
      err: ['audit: no entry 999999 in the trail of bonaire'],
    });
  });

  it('counts the exchanges with small counts hidden', async () => {
    const run = await audit(
      ['stats', '--from', '2026-03-01', '--to', '2026-04-01', '--by', 'purpose', ...database],
      env,
    );
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out[1]).toMatch(/^month\s+case_meeting\s+total$/);
    expect(run.out[2]).toMatch(/^2026-03\s+<10\s+<10$/);
    const csv = await audit(
      [
        'stats',
        '--from',
        '2026-03-01',
        '--to',
        '2026-04-01',
        '--by',
        'purpose',
        '--format',
        'csv',
        ...database,
      ],
      env,
    );
    expect(csv.out.join('\n')).toBe('period,case_meeting,total\n2026-03,<10,<10\ntotal,<10,<10');
    expect((await reads()).map((r) => r.details.action)).toEqual(['statistics', 'statistics']);
  });

  it('tells the chain status: entries and head', async () => {
    const status = await ctx.store.auditQueries.status(new Date(), null);
    const run = await audit(['status', ...database], env);
    expect(run.code).toBe(0);
    expect(run.out[0]).toBe(`entries:          ${status.entries}`);
    expect(run.out[1]).toBe(`head:             ${status.head.seq} ${status.head.hash}`);
    const json = await audit(['status', '--json', ...database], env);
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({ head: status.head });
  });

  it('exports a period as one line per entry to a file, and as LDV documents', async () => {
    const period = ['--from', '2026-03-02', '--to', '2026-03-03'];
    const inPeriod = [];
    for await (const entry of ctx.store.auditQueries.entriesOf({
      network: 'bonaire',
      from: new Date('2026-03-02'),
      to: new Date('2026-03-03'),
    })) {
      inPeriod.push(entry);
    }
    const file = join(dir, 'export.jsonl');
    const run = await audit(
      ['export', ...period, '--format', 'jsonl', '--out', file, ...database],
      env,
    );
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as AuditEntryView).seq)).toEqual(
      inPeriod.map((e) => e.seq),
    );
    expect(run.out).toEqual([`${inPeriod.length} entries read, written to ${file}`]);

    const ldv = await audit(['export', ...period, ...database], env);
    expect(ldv.code).toBe(0);
    const spans = ldv.out.flatMap(
      (line) =>
        (JSON.parse(line) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] })
          .resourceSpans[0]?.scopeSpans[0]?.spans ?? [],
    );
    expect(spans).toHaveLength(4);
    expect((await reads()).map((r) => r.details.action)).toEqual(['export', 'export']);
  });

  it("writes a person's subject access report as a PDF", async () => {
    const file = join(dir, 'inzage.pdf');
    const run = await audit(
      ['subject', '--format', 'pdf', '--out', file, ...database],
      env,
      NATIONAL_ID,
    );
    expect(run.err).toEqual([]);
    expect(run.out).toEqual([`3 exchanges written to ${file}`]);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await audit(
      ['subject', '--copy', 'privacy_officer', ...database],
      env,
      NATIONAL_ID,
    );
    expect(text.out.filter((line) => / pull /.test(line))).toHaveLength(3);
    expect(JSON.stringify(text)).not.toContain(NATIONAL_ID);
    expect((await reads()).map((r) => r.details)).toMatchObject([
      { action: 'subject_access', copy: 'privacy_officer', format: 'text', rows: 3 },
      { action: 'subject_access', copy: 'person', format: 'pdf', rows: 3, via: 'cli' },
    ]);
  });

  it('exits 2 with one line for a network the database does not hold', async () => {
    const run = await audit(['status', ...database, '--network', 'atlantis'], env);
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^audit: .*not found/);
  });
});

function pull(options: { caseId: string; personPseudonym: string; i: number }): AuditRecord {
  return {
    type: 'exchange.pull',
    network: 'bonaire',
    requester: { organisation: 'jeugdzorg-cn', user: 'jeugdwerker-4', role: 'case_director' },
    provider: 'politie-cn',
    recipient: 'jeugdzorg-cn',
    caseId: options.caseId,
    personPseudonym: options.personPseudonym,
    purpose: 'case_meeting',
    requestedCategories: ['police_incidents'],
    categories: ['police_incidents'],
    fields: ['police_incidents.incident_date'],
    grounds: { police_incidents: { type: 'consent', id: `consent-${options.i}` } },
    decision: 'allow',
    exchangeId: randomUUID(),
    requestId: `request-${options.i}`,
  };
}
