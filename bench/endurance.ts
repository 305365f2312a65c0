/**
 * Endurance benchmark (issue 15, point 9), run on demand with
 * `npm run bench:endurance -- --minutes N [--rate R] [--concurrency C]`: mixed pulls and
 * pushes through the broker for N minutes (60 by default), with the broker's RSS and
 * event-loop delay sampled each minute. Prints a row per minute and writes the
 * "Endurance" section of BENCHMARKS.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SAMPLE_PERSONS } from '../adapters/reference/sample-persons.ts';
import type { CaseRole } from '../policies/vocabulary/case-roles.ts';
import { MixedLoad } from './endurance/mixed-load.ts';
import { type MinuteRow, renderSection, tableHeader, tableRow } from './endurance/report.ts';
import { type SampledBroker, startSampledBroker } from './endurance/sampled-broker.ts';
import { checkAuditTrail } from './exchange/audit-check.ts';
import { CASE_DIRECTOR_USER, setUpCase } from './exchange/case-setup.ts';
import { AUDIENCE, createBenchNetwork } from './exchange/network.ts';
import { benchPartner } from './exchange/partner.ts';
import { type Running, startAdapterProcess } from './exchange/processes.ts';
import { acceptCovenantOverApi } from './lib/accepted-covenant.ts';
import { writeSection } from './lib/benchmarks-md.ts';
import { describeMachine } from './lib/machine.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MINUTE_MS = 60_000;
const ADAPTER_TIMEOUT_MS = 10_000;
/** The partners with a certificate, each a party to the covenant. */
const ACTING = ['politie-cn', 'zvh-bonaire', 'jeugdzorg-cn'];

/** The sample person with police incidents: every pull releases data. */
const person = SAMPLE_PERSONS.find(
  (p) => p.household === 'domestic_violence' && p.role === 'parent' && p.gender === 'female',
);

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '60' },
      rate: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '4' },
    },
  });
  const number = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${name} must be a whole number ≥ 1`);
    return value;
  };
  return {
    minutes: number('minutes', values.minutes),
    ratePerSecond: number('rate', values.rate),
    concurrency: number('concurrency', values.concurrency),
    pushEvery: 4,
  };
}

async function main(): Promise<void> {
  if (person === undefined) throw new Error('no sample person with police records');
  const settings = options();
  const machine = describeMachine();
  const dir = await mkdtemp(join(tmpdir(), 'zvh-bench-endurance-'));
  const adapters: Running[] = [];
  let broker: SampledBroker | undefined;
  try {
    const stateDir = join(dir, 'broker');
    console.log('network: CA and certificates…');
    const network = await createBenchNetwork(stateDir, ACTING, ['politie-cn', 'jeugdzorg-cn']);
    const urls: Record<string, string> = {};
    for (const organisation of ['politie-cn', 'jeugdzorg-cn'] as const) {
      const adapter = await startAdapterProcess({
        organisation,
        system: organisation,
        tls: network.paths('adapter', organisation),
        revocations: network.revocations,
        stateDir: join(dir, 'adapters', organisation),
      });
      adapters.push(adapter);
      urls[organisation] = adapter.url;
    }
    broker = await startSampledBroker({
      stateDir,
      adapters: urls,
      adapterTimeoutMs: ADAPTER_TIMEOUT_MS,
    });
    const url = broker.url;
    await acceptCovenantOverApi(
      url,
      (organisation) => network.material('partner', organisation),
      ACTING,
    );
    const partner = async (organisation: string, user: string, role: CaseRole) =>
      benchPartner(await network.material('partner', organisation), AUDIENCE, url, {
        id: user,
        name: user,
        role,
      });
    const cast = {
      registrant: await partner('politie-cn', 'agent-17', 'case_participant'),
      processDirector: await partner('zvh-bonaire', 'procesregisseur-1', 'process_director'),
      caseDirector: await partner('jeugdzorg-cn', CASE_DIRECTOR_USER, 'case_director'),
      providers: [],
    };
    const { caseId, personId } = await setUpCase(cast, person);
    const load = new MixedLoad(
      cast.caseDirector,
      cast.registrant,
      {
        pullPath: `/v1/cases/${caseId}/persons/${personId}/pull`,
        pushPath: `/v1/cases/${caseId}/push`,
        personId,
        pullCategories: ['police_incidents'],
        recipient: 'jeugdzorg-cn',
      },
      settings,
    );
    console.log(
      `broker ${url} (pid ${broker.pid}); ${settings.minutes} min at ${settings.ratePerSecond}/s, every ${settings.pushEvery}th a push\n`,
    );
    console.log(tableHeader());
    await broker.sample();
    load.start();
    const rows: MinuteRow[] = [];
    let pulls = 0;
    for (let minute = 1; minute <= settings.minutes; minute++) {
      await new Promise((resolve) => setTimeout(resolve, MINUTE_MS));
      const row = { minute, load: load.take(), broker: await broker.sample() };
      pulls += row.load.pulls;
      rows.push(row);
      console.log(tableRow(row));
    }
    await load.stop();
    const last = load.take();
    pulls += last.pulls;
    for (const client of [cast.registrant, cast.processDirector, cast.caseDirector]) client.close();
    await broker.stop();
    broker = undefined;
    const trail = await checkAuditTrail(stateDir);
    const section = renderSection({
      ...settings,
      machine,
      rows,
      audit: { ...trail, pulls },
    });
    console.log(`\n${section}`);
    await writeSection(join(ROOT, 'BENCHMARKS.md'), 'endurance-bench', section);
    console.log('BENCHMARKS.md: section "Endurance" updated');
    if (!trail.intact || trail.pullEntries !== pulls) {
      throw new Error('the audit trail does not hold every pull, or does not verify');
    }
  } finally {
    await broker?.stop();
    await Promise.all(adapters.map((adapter) => adapter.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
