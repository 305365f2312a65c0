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
import { AdapterAgents } from '../broker/identity/adapter-agent.ts';
import { BROKER_ORGANISATION } from '../keys/certificates/certificate-profile.ts';
import { systemClock } from '../keys/clock.ts';
import { RevocationSource } from '../keys/revocation/revocation-source.ts';
import { checkAuditTrail } from './exchange/audit-check.ts';
import { CpuMeter } from './exchange/cpu-meter.ts';
import { type Deployment, deploy, PROVIDERS } from './exchange/deployment.ts';
import { type Level, measureBroker, measureDirect } from './exchange/measure.ts';
import { assess, type LevelResult, renderSection } from './exchange/report.ts';
import { writeSection } from './lib/benchmarks-md.ts';
import { describeMachine } from './lib/machine.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const LEVELS: readonly Level[] = [
  { concurrency: 1, warmup: 100, count: 500 },
  { concurrency: 8, warmup: 200, count: 2_000 },
  { concurrency: 32, warmup: 300, count: 3_000 },
];

async function main(): Promise<void> {
  const machine = describeMachine();
  const dir = await mkdtemp(join(tmpdir(), 'zvh-bench-exchange-'));
  let deployment: Deployment | undefined;
  try {
    deployment = await deploy(dir);
    const { network, adapters, cast, spec, stateDir } = deployment;
    const revocations = await RevocationSource.open(network.revocations);
    const agents = new AdapterAgents(await network.material('broker-client', BROKER_ORGANISATION), {
      revocations,
      clock: systemClock,
    });
    const meter = new CpuMeter(
      deployment.broker.pid,
      deployment.adapterProcesses.map((adapter) => adapter.pid),
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

    await deployment.stop();
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
    await deployment?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
