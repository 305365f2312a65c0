/**
 * Exchange benchmark (issue 5, point 7), run on demand with `npm run bench:exchange`:
 * end-to-end pull exchanges through the broker (mutual TLS, assertion, policy, two
 * adapters, durable audit appends) beside direct calls of the same two adapters, at a few
 * concurrency levels. Broker and adapters run as child processes; this process is the
 * partner's client. Prints the figures and writes the "Pull exchanges" section of
 * BENCHMARKS.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_PERSONS } from '../adapters/reference/sample-persons.ts';
import { AdapterAgents } from '../broker/identity/adapter-agent.ts';
import { BROKER_ORGANISATION } from '../keys/certificates/certificate-profile.ts';
import { systemClock } from '../keys/clock.ts';
import { RevocationSource } from '../keys/revocation/revocation-source.ts';
import type { CaseRole } from '../policies/vocabulary/case-roles.ts';
import { checkAuditTrail } from './exchange/audit-check.ts';
import { CASE_DIRECTOR_USER, setUpCase } from './exchange/case-setup.ts';
import { CpuMeter } from './exchange/cpu-meter.ts';
import {
  ADAPTER_TIMEOUT_MS,
  type Level,
  measureBroker,
  measureDirect,
  type PullSpec,
} from './exchange/measure.ts';
import { AUDIENCE, createBenchNetwork } from './exchange/network.ts';
import { benchPartner } from './exchange/partner.ts';
import { type Running, startAdapterProcess, startBrokerProcess } from './exchange/processes.ts';
import { assess, type LevelResult, renderSection } from './exchange/report.ts';
import { writeSection } from './lib/benchmarks-md.ts';
import { describeMachine } from './lib/machine.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const LEVELS: readonly Level[] = [
  { concurrency: 1, warmup: 100, count: 500 },
  { concurrency: 8, warmup: 200, count: 2_000 },
  { concurrency: 32, warmup: 300, count: 3_000 },
];

/**
 * Youth care's case director pulls police incidents and reports. Both providers run the
 * police reference system, so both release the same records on both paths.
 */
const PROVIDERS = ['politie-cn', 'om-bes'] as const;
const CATEGORIES = ['police_incidents', 'police_reports'];
const PURPOSE = 'case_meeting';

/** The sample person with both police incidents and a police report: every category has data. */
const person = SAMPLE_PERSONS.find(
  (p) => p.household === 'domestic_violence' && p.role === 'parent' && p.gender === 'female',
);

async function main(): Promise<void> {
  if (person === undefined) throw new Error('no sample person with police records');
  const machine = describeMachine();
  const dir = await mkdtemp(join(tmpdir(), 'zvh-bench-exchange-'));
  const started: Running[] = [];
  let broker: Running | undefined;
  try {
    const stateDir = join(dir, 'broker');
    console.log('network: CA and certificates…');
    const network = await createBenchNetwork(
      stateDir,
      ['politie-cn', 'zvh-bonaire', 'jeugdzorg-cn', 'om-bes'],
      PROVIDERS,
    );
    const adapters: Record<string, string> = {};
    for (const organisation of PROVIDERS) {
      const adapter = await startAdapterProcess({
        organisation,
        system: 'politie-cn',
        tls: network.paths('adapter', organisation),
        revocations: network.revocations,
        stateDir: join(dir, 'adapters', organisation),
      });
      started.push(adapter);
      adapters[organisation] = adapter.url;
    }
    broker = await startBrokerProcess({ stateDir, adapters, adapterTimeoutMs: ADAPTER_TIMEOUT_MS });
    console.log(`broker ${broker.url}, adapters ${Object.values(adapters).join(', ')}`);

    const url = broker.url;
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
      providers: [{ organisation: 'om-bes', user: 'officier-1' }],
    };
    const { caseId, personId } = await setUpCase(cast, person);
    const spec: PullSpec = {
      path: `/v1/cases/${caseId}/persons/${personId}/pull`,
      purpose: PURPOSE,
      categories: CATEGORIES,
      providers: PROVIDERS,
      nationalId: person.nationalId,
    };

    const revocations = await RevocationSource.open(network.revocations);
    const agents = new AdapterAgents(await network.material('broker-client', BROKER_ORGANISATION), {
      revocations,
      clock: systemClock,
    });
    const meter = new CpuMeter(
      broker.pid,
      started.map((adapter) => adapter.pid),
    );
    const results: LevelResult[] = [];
    for (const level of LEVELS) {
      console.log(`concurrency ${level.concurrency}: direct…`);
      const direct = await measureDirect(agents, adapters, spec, level, meter);
      console.log(`concurrency ${level.concurrency}: broker…`);
      const viaBroker = await measureBroker(cast.caseDirector, spec, level, meter);
      results.push({ level, direct, broker: viaBroker });
      const brokerCpuMs = (viaBroker.cpu.broker * 1000) / level.count;
      console.log(
        `  direct ${Math.round(direct.latency.perSecond)}/s p50 ${(direct.latency.p50Ns / 1e6).toFixed(2)} ms; broker ${Math.round(viaBroker.latency.perSecond)}/s p50 ${(viaBroker.latency.p50Ns / 1e6).toFixed(2)} ms, broker CPU ${brokerCpuMs.toFixed(2)} ms/exchange`,
      );
    }
    const loadAtEnd = loadavg()[0] ?? 0;
    agents.destroy();
    revocations.close();
    for (const p of [cast.registrant, cast.processDirector, cast.caseDirector]) p.close();

    await broker.stop();
    broker = undefined;
    const audit = await checkAuditTrail(stateDir);
    const exchanges = LEVELS.reduce((sum, l) => sum + l.warmup + l.count, 0);
    const result = {
      machine,
      loadAtEnd,
      levels: results,
      audit,
      exchanges,
      providers: PROVIDERS.length,
    };
    const verdict = assess(result);
    const section = renderSection(result, verdict);
    console.log(`\n${section}`);
    await writeSection(join(ROOT, 'BENCHMARKS.md'), 'exchange-bench', section);
    console.log('BENCHMARKS.md: section "Pull exchanges" updated');
    if (!verdict.auditComplete) throw new Error('the audit trail does not hold every exchange');
    if (!verdict.throughputMet || !verdict.ratioMet) {
      console.error('exchange bench: a target was not met (see above); exiting with status 1');
      process.exitCode = 1;
    }
  } finally {
    await broker?.stop();
    await Promise.all(started.map((adapter) => adapter.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
