/**
 * Probe-flood benchmark (issue 10, point 8), run on demand with `npm run bench:probe-flood`:
 * pull exchanges through the broker alone, then while an outsider sends probes that are
 * refused after its certificate (each an `access.refused` entry), then while it sends as
 * many requests that are not refused (the control), then alone again. Broker and adapters
 * run as child processes, as in the exchange benchmark. Prints the figures and writes the
 * "Refused-probe flood" section of BENCHMARKS.md.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkAuditTrail } from './exchange/audit-check.ts';
import { CpuMeter } from './exchange/cpu-meter.ts';
import { type Deployment, deploy } from './exchange/deployment.ts';
import { pullExchange } from './exchange/measure.ts';
import { signAhead } from './exchange/partner.ts';
import { writeSection } from './lib/benchmarks-md.ts';
import { describeMachine } from './lib/machine.ts';
import { type Flood, type PhaseEnd, runPhase } from './probe-flood/flood-phase.ts';
import {
  type PhaseKind,
  type RoundPhase,
  renderFloodSection,
  slowdown,
  TARGET_SLOWDOWN,
} from './probe-flood/report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A covenant partner that takes part in no case of the benchmark. */
const OUTSIDER = 'mhc';
/** Another, whose requests that are not refused are the control. */
const CONTROL = 'reclassering-cn';
const PULL_CONCURRENCY = 8;
/** Assertions signed for a phase: twice what the last phase's pace would use, within bounds. */
const MIN_POOL = 500;
const MAX_POOL = 20_000;
/** A phase's length when the probes are not paced (--probe-rate 0). */
const UNPACED_PHASE_MS = 10_000;
const WARMUP_PULLS = 300;
const WARMUP_FLOOD = 300;

const { values } = parseArgs({
  options: {
    probes: { type: 'string', default: '10000' },
    'probe-concurrency': { type: 'string', default: '8' },
    'probe-rate': { type: 'string', default: '100' },
    rounds: { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false },
  },
});
const PROBES = Number(values.probes);
const PROBE_CONCURRENCY = Number(values['probe-concurrency']);
const PROBE_RATE = Number(values['probe-rate']);
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(PROBES) || PROBES < 100 || PROBES > 1_000_000) {
  throw new TypeError('--probes must be an integer from 100 to 1,000,000');
}
if (!Number.isInteger(PROBE_RATE) || PROBE_RATE < 0 || PROBE_RATE > 100_000) {
  throw new TypeError('--probe-rate must be an integer from 0 (as fast as answered) to 100,000');
}
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 100 || PROBES % ROUNDS !== 0) {
  throw new TypeError('--rounds must be an integer from 1 to 100 that divides --probes');
}
if (!Number.isInteger(PROBE_CONCURRENCY) || PROBE_CONCURRENCY < 1 || PROBE_CONCURRENCY > 256) {
  throw new TypeError('--probe-concurrency must be an integer from 1 to 256');
}

function load(): number {
  return loadavg()[0] ?? 0;
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const dir = await mkdtemp(join(tmpdir(), 'zvh-bench-probe-flood-'));
  let deployment: Deployment | undefined;
  try {
    deployment = await deploy(dir, [OUTSIDER, CONTROL]);
    const { cast, spec } = deployment;
    const outsider = await deployment.partner(OUTSIDER, 'medewerker-mhc-3', 'case_participant');
    const controlCaller = await deployment.partner(CONTROL, 'reclasseerder-5', 'case_participant');
    const meter = new CpuMeter(
      deployment.broker.pid,
      deployment.adapterProcesses.map((adapter) => adapter.pid),
    );
    const pull = pullExchange(cast.caseDirector, spec);
    const flood = async (
      client: typeof outsider,
      count: number,
      path: () => string,
      expectStatus: readonly number[],
    ): Promise<Flood> => ({
      count,
      concurrency: PROBE_CONCURRENCY,
      perSecond: PROBE_RATE,
      assertions: await signAhead(client, count),
      path,
      expectStatus,
      client,
    });
    // Refused (404) until the outsider has spent its refusal budget, then turned away (429).
    const probe = (count: number) =>
      flood(outsider, count, () => `/v1/cases/${randomUUID()}`, [404, 429]);
    // Another outsider's: the prober is turned away for a while after each flood.
    const whoami = (count: number) => flood(controlCaller, count, () => '/v1/whoami', [200]);

    console.log('warm-up…');
    const warmPulls = await signAhead(cast.caseDirector, WARMUP_PULLS);
    const warm = await runPhase(pull, warmPulls, PULL_CONCURRENCY, meter, {
      milliseconds: 60_000,
    });
    await runPhase(
      pull,
      await signAhead(cast.caseDirector, WARMUP_PULLS),
      PULL_CONCURRENCY,
      meter,
      {
        flood: await probe(WARMUP_FLOOD),
      },
    );
    await runPhase(
      pull,
      await signAhead(cast.caseDirector, WARMUP_PULLS),
      PULL_CONCURRENCY,
      meter,
      {
        flood: await whoami(WARMUP_FLOOD),
      },
    );

    const perRound = PROBES / ROUNDS;
    const phaseMs = PROBE_RATE > 0 ? (perRound * 1000) / PROBE_RATE : UNPACED_PHASE_MS;
    let pace = warm.pullMs.length / warm.seconds;
    const phases: RoundPhase[] = [];
    const kinds: readonly PhaseKind[] = ['none', 'refused', 'control'];
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < kinds.length; k++) {
        const kind = kinds[(round + k) % kinds.length] as PhaseKind;
        const pool = Math.min(MAX_POOL, Math.max(MIN_POOL, Math.ceil((pace * phaseMs * 2) / 1000)));
        const assertions = await signAhead(cast.caseDirector, pool);
        const end: PhaseEnd =
          kind === 'none'
            ? { milliseconds: phaseMs }
            : { flood: await (kind === 'refused' ? probe : whoami)(perRound) };
        const result = await runPhase(pull, assertions, PULL_CONCURRENCY, meter, end);
        pace = result.pullMs.length / result.seconds;
        const phase = { round, kind, result, load: load() };
        phases.push(phase);
        console.log(
          `round ${round + 1}/${ROUNDS}, ${kind}: ${result.pullMs.length} pulls in ${result.seconds.toFixed(1)} s (${Math.round(pace)}/s); load ${phase.load.toFixed(2)}`,
        );
      }
    }

    for (const p of [
      cast.registrant,
      cast.processDirector,
      cast.caseDirector,
      outsider,
      controlCaller,
    ]) {
      p.close();
    }
    await deployment.stop();
    const audit = await checkAuditTrail(deployment.stateDir);
    const run = {
      machine,
      probes: PROBES,
      rounds: ROUNDS,
      probeConcurrency: PROBE_CONCURRENCY,
      probeRate: PROBE_RATE,
      pullConcurrency: PULL_CONCURRENCY,
      phases,
      audit,
      expectedRefused: PROBES + WARMUP_FLOOD,
    };
    const section = renderFloodSection(run);
    console.log(`\n${section}`);
    if (!values['no-write']) {
      await writeSection(join(ROOT, 'BENCHMARKS.md'), 'probe-flood-bench', section);
      console.log('BENCHMARKS.md: section "Refused-probe flood" updated');
    }
    if (!audit.intact || audit.refusedRequests !== run.expectedRefused) {
      throw new Error('the audit trail does not account for every probe as refused or turned away');
    }
    if (slowdown(run, 'refused') > TARGET_SLOWDOWN) {
      console.error('probe-flood bench: the target was not met (see above); exiting with status 1');
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
