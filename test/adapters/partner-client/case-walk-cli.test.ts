import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runPartnerCli } from '../../../adapters/partner-client/cli.ts';
import type { CaseRole } from '../../../policies/vocabulary/case-roles.ts';
import { NATIONAL_ID } from '../../support/case-fixtures.ts';
import { ORGANISATIONS, type Organisation } from '../../support/cast.ts';
import { type Captured, captured } from '../../support/cli-output.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { useTestNetwork } from '../../support/network.ts';
import { receivedPull } from '../../support/received-exchange.ts';
import { AUDIENCE, type TestBroker } from '../../support/test-broker.ts';

const network = useTestNetwork({ partners: ORGANISATIONS });

/** An employee at a partner system, as the CLI's environment names them. */
interface Employee {
  readonly organisation: Organisation;
  readonly user: string;
  readonly name: string;
  readonly role: CaseRole;
}

const POLICE: Employee = {
  organisation: 'politie-cn',
  user: 'agent-17',
  name: 'R. Martis',
  role: 'case_participant',
};
const PROCESS_DIRECTOR: Employee = {
  organisation: 'zvh-bonaire',
  user: 'procesregisseur-1',
  name: 'M. Frans',
  role: 'process_director',
};
const YOUTH_CARE: Employee = {
  organisation: 'jeugdzorg-cn',
  user: 'jeugdwerker-4',
  name: 'S. Leito',
  role: 'case_director',
};
const SCHOOL: Employee = {
  organisation: 'sgb',
  user: 'mentor-2',
  name: 'J. Cecilia',
  role: 'case_participant',
};

describeOnEveryDatabase('npm run partner: a case through its life with the CLI alone', (ctx) => {
  let broker: TestBroker;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zvh-partner-walk-'));
    broker = await network.startBroker({ store: ctx.store });
  });

  afterEach(async () => {
    await broker.running.close();
    rmSync(dir, { recursive: true });
  });

  /**
   * The partner system's config file, once per organisation: JSON for the police, key=value
   * lines with file names relative to it for the others.
   */
  function configFile(organisation: Organisation): string {
    const paths = network.holders[organisation].paths;
    const file = join(dir, `${organisation}.conf`);
    if (organisation === 'politie-cn') {
      const settings = {
        cert: paths.certificate,
        key: paths.privateKey,
        ca: paths.ca,
        broker: broker.url,
        audience: AUDIENCE,
      };
      writeFileSync(file, JSON.stringify(settings));
    } else {
      const lines = [
        '# the partner system, set up once',
        `cert=${relative(dir, paths.certificate)}`,
        `key=${relative(dir, paths.privateKey)}`,
        `ca=${relative(dir, paths.ca)}`,
        `broker=${broker.url}`,
        `audience=${AUDIENCE}`,
      ];
      writeFileSync(file, `${lines.join('\n')}\n`);
    }
    return file;
  }

  /** `npm run partner -- <args>` as `who`: the config file and the employee from the environment. */
  function partner(who: Employee, args: readonly string[], stdin = ''): Promise<Captured> {
    const env = {
      ZVH_PARTNER_CONFIG: configFile(who.organisation),
      ZVH_USER: who.user,
      ZVH_USER_NAME: who.name,
      ZVH_ROLE: who.role,
    };
    return captured((io) => runPartnerCli(args, io, { readStdin: async () => stdin, env }));
  }

  /** Runs a command that must succeed; its answer, parsed. */
  async function ok(who: Employee, args: readonly string[], stdin?: string) {
    const run = await partner(who, args, stdin);
    expect(run.err, args.join(' ')).toEqual([]);
    expect(run.code, args.join(' ')).toBe(0);
    return run.out.length === 0 ? undefined : JSON.parse(run.out.join('\n'));
  }

  it('registers, triages, accepts, staffs, plans, monitors, exchanges, shadow-lists, reviews and closes a case', async () => {
    const registered = await ok(POLICE, [
      'case-register',
      ...['--type', 'domestic_violence', '--domains', 'parenting_minors,mental_health'],
      ...['--criteria', 'multiple_life_domains,cross_chain_cooperation'],
    ]);
    expect(registered).toMatchObject({ phase: 'registration', registeredBy: 'politie-cn' });
    const c = ['--case', registered.id];
    const transition = (action: string, ...more: string[]) =>
      ok(PROCESS_DIRECTOR, ['case-transition', ...c, '--action', action, ...more]);

    await transition('start_triage');
    await transition('accept');
    await ok(PROCESS_DIRECTOR, [
      'participant-add',
      ...c,
      ...['--organisation', SCHOOL.organisation, '--employee', SCHOOL.user],
    ]);
    await ok(PROCESS_DIRECTOR, [
      'case-director',
      ...c,
      ...['--organisation', YOUTH_CARE.organisation, '--employee', YOUTH_CARE.user],
    ]);
    // The case meeting agrees the joint plan; the school takes its own action on.
    const intake = await ok(YOUTH_CARE, [
      'action-add',
      ...c,
      ...['--organisation', SCHOOL.organisation, '--description', 'Arrange a school intake'],
      ...['--due', '2026-04-01'],
    ]);
    expect(intake).toMatchObject({ status: 'agreed', organisation: 'sgb' });
    await ok(SCHOOL, [
      'action-update',
      ...c,
      ...['--action', intake.id, '--status', 'in_progress'],
    ]);
    await transition('start_monitoring');
    const progress = await ok(SCHOOL, ['progress', ...c]);
    expect(JSON.stringify(progress)).toContain('in_progress');

    const person = await ok(
      POLICE,
      ['person-add', ...c, '--age-band', '18-23', '--gender', 'female'],
      `${NATIONAL_ID}\n`,
    );
    const p = [...c, '--person', person.id];
    const consent = await ok(POLICE, [
      'consent-add',
      ...p,
      ...['--recipient', 'jeugdzorg-cn', '--obtained-how', 'in_person'],
      // The broker records on the test's clock, which may lie before the real present.
      ...['--at', new Date(ctx.clock.now().getTime() - 3_600_000).toISOString()],
    ]);
    expect(consent).toMatchObject({ kind: 'consent', categories: null, givenBy: 'person' });
    const record = await ok(SCHOOL, ['consent-record', ...p]);
    expect(JSON.stringify(record)).toContain(consent.id);

    const pulled = await ok(YOUTH_CARE, [
      'pull',
      ...p,
      ...['--purpose', 'case_meeting', '--categories', 'police_incidents'],
    ]);
    expect(Array.isArray(pulled)).toBe(true);
    const signal = join(dir, 'signal.json');
    writeFileSync(signal, JSON.stringify({ signal: { signal_type: 'school_absence' } }));
    await ok(SCHOOL, ['push', ...c, '--purpose', 'case_meeting', '--data', signal]);

    const participants = await partner(SCHOOL, ['participants', ...c, '--json']);
    expect(participants.out).toHaveLength(1);
    expect(participants.out[0]).not.toContain('\n');
    const organisations = (JSON.parse(participants.out[0] ?? '') as { organisation: string }[])
      .map((x) => x.organisation)
      .sort();
    expect(organisations).toEqual(['jeugdzorg-cn', 'politie-cn', 'sgb', 'zvh-bonaire']);

    await ok(SCHOOL, ['action-update', ...c, ...['--action', intake.id, '--status', 'done']]);
    await transition('move_to_shadow_list');
    const due = () => ok(PROCESS_DIRECTOR, ['cases', '--review-due', 'true']);
    expect((await due()).cases).toEqual([]);
    // Half a year later the case is due for review on the process director's list.
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 190 * 86_400_000).toISOString());
    expect((await due()).cases.map((listed: { id: string }) => listed.id)).toEqual([registered.id]);
    await transition('close', '--outcome', 'positive_with_involvement');
    expect((await due()).cases).toEqual([]);
    expect(await ok(SCHOOL, ['case-show', ...c])).toMatchObject({ phase: 'closed' });
    const year = ctx.clock.now().getUTCFullYear();
    const report = await ok(PROCESS_DIRECTOR, ['report', '--from', `${year}`, '--to', `${year}`]);
    expect(JSON.stringify(report)).toContain('domestic_violence');
  });

  it('prints a refusal as one line with its code and detail, and exits 1', async () => {
    const { id } = await ok(POLICE, [
      'case-register',
      ...['--type', 'neglect', '--domains', 'housing', '--criteria', ''],
    ]);
    const run = await partner(POLICE, [
      'case-transition',
      '--case',
      id,
      '--action',
      'start_triage',
    ]);
    expect(run).toEqual({
      code: 1,
      out: [],
      err: [
        'partner: the broker answered 403 CASE_ROLE_REQUIRED: start_triage needs the process_director of the case',
      ],
    });
    const scripted = await partner(POLICE, ['case-show', '--case', randomUUID(), '--json']);
    expect(scripted.code).toBe(1);
    expect(JSON.parse(scripted.out[0] ?? '')).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(scripted.err).toEqual([
      expect.stringMatching(/^partner: the broker answered 404 NOT_FOUND: /),
    ]);
  });

  /** A case the police registered, in its case meeting with youth care directing, and a child. */
  async function caseWithAChild() {
    const { id } = await ok(POLICE, [
      'case-register',
      ...['--type', 'neglect', '--domains', 'housing', '--criteria', ''],
    ]);
    const c = ['--case', id];
    for (const action of ['start_triage', 'accept']) {
      await ok(PROCESS_DIRECTOR, ['case-transition', ...c, '--action', action]);
    }
    await ok(PROCESS_DIRECTOR, [
      'case-director',
      ...c,
      ...['--organisation', YOUTH_CARE.organisation, '--employee', YOUTH_CARE.user],
    ]);
    const person = await ok(
      POLICE,
      ['person-add', ...c, '--age-band', '4-12', '--gender', 'male'],
      NATIONAL_ID,
    );
    return { id, c, person };
  }

  it('asks for reuse naming the exchange received, and the provider decides', async () => {
    const { id, c, person } = await caseWithAChild();
    const received = await receivedPull(ctx.store, {
      caseId: id,
      personPseudonym: ctx.store.persons.pseudonymOf(NATIONAL_ID),
      requester: YOUTH_CARE,
      provider: 'politie-cn',
      categories: ['police_reports'],
    });
    const ask = (exchange: string) =>
      partner(YOUTH_CARE, [
        'formal-request-add',
        ...[...c, '--person', person.id, '--provider', 'politie-cn'],
        ...['--purpose', 'child_protection_investigation', '--categories', 'police_reports'],
        ...['--exchanges', exchange, '--justification', 'The investigation needs the reports.'],
      ]);
    const madeUp = await ask(randomUUID());
    expect(madeUp.code).toBe(1);
    expect(madeUp.err).toEqual([
      expect.stringMatching(/^partner: the broker answered 422 EXCHANGE_NOT_RECEIVED: exchange /),
    ]);
    const asked = await ask(received);
    expect(asked.err).toEqual([]);
    const request = JSON.parse(asked.out.join('\n'));
    expect(request).toMatchObject({ status: 'pending', exchangeIds: [received] });
    const decided = await ok(POLICE, [
      'formal-request-decide',
      ...[...c, '--request', request.id, '--status', 'approved'],
      ...['--reason', 'Proportionate.', '--expires', '2099-01-01T00:00:00.000Z'],
    ]);
    expect(decided).toMatchObject({ status: 'approved' });
  });

  it('records an exception, and the police approve it as the provider of their incidents', async () => {
    const { c, person } = await caseWithAChild();
    const p = [...c, '--person', person.id];
    const exception = await ok(PROCESS_DIRECTOR, [
      'exception-add',
      ...[...p, '--recipient', 'jeugdzorg-cn', '--categories', 'police_incidents'],
      ...['--reason', 'danger_to_those_involved', '--justification', 'Unsafe to ask the father.'],
      ...['--expires', new Date(ctx.clock.now().getTime() + 30 * 86_400_000).toISOString()],
    ]);
    const decided = await ok(POLICE, [
      'exception-provider-decide',
      ...[...c, '--exception', exception.id],
      ...['--decision', 'approved', '--reason', 'Needed to keep the child safe.'],
    ]);
    expect(decided.providerDecisions).toMatchObject([
      { provider: 'politie-cn', decision: 'approved' },
    ]);
    expect(await ok(YOUTH_CARE, ['exceptions', ...p])).toEqual([decided]);
  });

  it('takes a flag over the environment, and refuses a command line without calling', async () => {
    const elsewhere = await partner(POLICE, [
      'case-show',
      '--case',
      randomUUID(),
      '--audience',
      'urn:zvh-broker:elsewhere',
    ]);
    expect(elsewhere.err).toEqual([
      expect.stringMatching(/^partner: the broker answered 401 ASSERTION_WRONG_AUDIENCE/),
    ]);
    for (const args of [
      ['case-show'],
      ['case-transition', '--case', randomUUID()],
      ['case-register', '--type', 'neglect', '--domains', 'housing', '--criteria', 'bogus'],
      ['case-show', '--case', randomUUID(), '--bogus', 'x'],
      ['person-add', '--case', randomUUID(), '--age-band', '4-12', '--gender', 'male'],
    ]) {
      const run = await partner(POLICE, args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err, args.join(' ')).toEqual([expect.stringMatching(/^partner: [^\n]+$/)]);
    }
    const help = await partner(POLICE, ['formal-request-add', '--help']);
    expect(help.out.join('\n')).toContain(
      'POST /v1/cases/{caseId}/persons/{personId}/formal-requests',
    );
  });
});
