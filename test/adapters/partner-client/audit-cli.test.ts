import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runPartnerCli } from '../../../adapters/partner-client/cli.ts';
import type { AuditEntryView } from '../../../broker/audit/search/audit-entry-view.ts';
import type { CaseRole } from '../../../policies/vocabulary/case-roles.ts';
import { ORGANISATIONS, type Organisation } from '../../support/cast.ts';
import { type Captured, captured } from '../../support/cli-output.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { useTestNetwork } from '../../support/network.ts';
import { AUDIENCE, type TestBroker } from '../../support/test-broker.ts';

const NATIONAL_ID = '123456782';
const CASE_ID = randomUUID();

const network = useTestNetwork({ partners: ORGANISATIONS });

describeOnEveryDatabase('npm run partner -- audit, against the broker over mutual TLS', (ctx) => {
  let broker: TestBroker;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zvh-partner-audit-'));
    broker = await network.startBroker({ store: ctx.store });
    const personPseudonym = ctx.store.persons.pseudonymOf(NATIONAL_ID);
    for (const provider of ['politie-cn', 'mhc', 'sgb']) {
      await ctx.store.audit.append({
        type: 'exchange.pull',
        network: 'bonaire',
        requester: { organisation: 'jeugdzorg-cn', user: 'jeugdwerker-4', role: 'case_director' },
        provider,
        recipient: 'jeugdzorg-cn',
        caseId: CASE_ID,
        personPseudonym,
        purpose: 'case_meeting',
        requestedCategories: ['police_incidents'],
        categories: ['police_incidents'],
        decision: 'allow',
        exchangeId: randomUUID(),
      });
    }
  });

  afterEach(async () => {
    await broker.running.close();
    rmSync(dir, { recursive: true });
  });

  /** `npm run partner -- audit <args>` as `user` of `organisation`, `stdin` on standard input. */
  function audit(
    organisation: Organisation,
    role: CaseRole,
    args: readonly string[],
    stdin = '',
  ): Promise<Captured> {
    const holder = network.holders[organisation];
    return captured((io) =>
      runPartnerCli(
        [
          'audit',
          ...args,
          ...['--broker', broker.url, '--audience', AUDIENCE],
          ...['--cert', holder.paths.certificate, '--key', holder.paths.privateKey],
          ...[
            '--ca',
            holder.paths.ca,
            '--user',
            `${role}-1`,
            '--name',
            'A. Martis',
            '--role',
            role,
          ],
        ],
        io,
        { readStdin: async () => stdin },
      ),
    );
  }

  it("finds a person's entries with the identifier on standard input, never in a URL or a line", async () => {
    const run = await audit('zvh-bonaire', 'privacy_officer', ['search', '--person'], NATIONAL_ID);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const page = JSON.parse(run.out.join('\n')) as { entries: AuditEntryView[] };
    expect(page.entries.map((e) => e.provider).sort()).toEqual(['mhc', 'politie-cn', 'sgb']);
    const byCase = await audit('zvh-bonaire', 'privacy_officer', ['search', '--case', CASE_ID]);
    expect((JSON.parse(byCase.out.join('\n')) as { entries: unknown[] }).entries).toHaveLength(3);
    expect([...run.out, ...byCase.out, ...broker.logLines].join('\n')).not.toContain(NATIONAL_ID);
  });

  it('scopes a partner privacy officer to its own organisation', async () => {
    const run = await audit('politie-cn', 'privacy_officer', ['search', '--case', CASE_ID]);
    expect(run.code).toBe(0);
    const page = JSON.parse(run.out.join('\n')) as { entries: AuditEntryView[] };
    expect(page.entries.map((e) => e.provider)).toEqual(['politie-cn']);
  });

  it('gives a case participant the refusal as one line and exit 1', async () => {
    const run = await audit('sgb', 'case_participant', ['search', '--case', CASE_ID]);
    expect(run).toEqual({
      code: 1,
      out: [],
      err: [
        'partner: the broker answered 403 PRIVACY_OFFICER_REQUIRED: GET /v1/audit/entries needs the role privacy_officer',
      ],
    });
  });

  it('writes the subject access report as a PDF, and an export line by line', async () => {
    const pdf = join(dir, 'inzage.pdf');
    const subject = await audit(
      'zvh-bonaire',
      'privacy_officer',
      ['subject', '--format', 'pdf', '--out', pdf],
      `${NATIONAL_ID}\n`,
    );
    expect(subject.err).toEqual([]);
    expect(subject).toMatchObject({ code: 0, out: [`written to ${pdf}`] });
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const jsonl = join(dir, 'export.jsonl');
    const from = new Date(Date.parse(ctx.clock.now().toISOString()) - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const exported = await audit('zvh-bonaire', 'privacy_officer', [
      'export',
      ...['--from', from, '--to', to, '--format', 'jsonl', '--out', jsonl],
    ]);
    expect(exported.code).toBe(0);
    const lines = readFileSync(jsonl, 'utf8').trimEnd().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as AuditEntryView);
    expect(entries.filter((e) => e.caseId === CASE_ID)).toHaveLength(3);
  });

  it('refuses a subject access request without an identifier, before it calls', async () => {
    const run = await audit('zvh-bonaire', 'privacy_officer', ['subject']);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([
      'partner: standard input must hold the national identifier on one line (echo <id> | npm run partner -- audit ...)',
    ]);
  });
});
