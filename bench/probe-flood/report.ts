import type { AuditCheck } from '../exchange/audit-check.ts';
import { type Tail, tailOf } from '../lib/latency.ts';
import type { Machine } from '../lib/machine.ts';
import type { PhaseResult } from './flood-phase.ts';

/** Issue 10, point 8: a flood of refused probes slows exchanges by at most this share. */
export const TARGET_SLOWDOWN = 0.1;

export type PhaseKind = 'none' | 'refused' | 'control';

/** One phase of one round, with the load average when it ended. */
export interface RoundPhase {
  readonly round: number;
  readonly kind: PhaseKind;
  readonly result: PhaseResult;
  readonly load: number;
}

export interface FloodRun {
  readonly machine: Machine;
  readonly probes: number;
  readonly rounds: number;
  readonly probeConcurrency: number;
  /** Probes started per second; 0: as fast as answered. */
  readonly probeRate: number;
  readonly pullConcurrency: number;
  readonly phases: readonly RoundPhase[];
  readonly audit: AuditCheck;
  readonly expectedRefused: number;
}

export interface KindSummary {
  readonly pulls: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Milliseconds. */
  readonly latency: Tail;
  readonly floodPerSecond: number;
  readonly brokerCpuMsPerPull: number;
  readonly loads: readonly number[];
}

export function summarise(run: FloodRun, kind: PhaseKind): KindSummary {
  const phases = run.phases.filter((p) => p.kind === kind);
  const pulls = phases.reduce((sum, p) => sum + p.result.pullMs.length, 0);
  const seconds = phases.reduce((sum, p) => sum + p.result.seconds, 0);
  const flood = phases.reduce((sum, p) => sum + p.result.floodRequests, 0);
  const cpu = phases.reduce((sum, p) => sum + p.result.cpu.broker, 0);
  return {
    pulls,
    seconds,
    perSecond: pulls / seconds,
    latency: tailOf(Float64Array.from(phases.flatMap((p) => p.result.pullMs))),
    floodPerSecond: flood / seconds,
    brokerCpuMsPerPull: (cpu * 1000) / pulls,
    loads: phases.map((p) => p.load),
  };
}

/** Share of the throughput without a flood that is lost under `kind`, over all rounds. */
export function slowdown(run: FloodRun, kind: PhaseKind): number {
  return 1 - summarise(run, kind).perSecond / summarise(run, 'none').perSecond;
}

/** The median over the rounds of each round's own slowdown: a load spike moves it less. */
export function medianRoundSlowdown(run: FloodRun, kind: PhaseKind): number {
  const rate = (round: number, k: PhaseKind) => {
    const phase = run.phases.find((p) => p.round === round && p.kind === k);
    return phase === undefined ? 0 : phase.result.pullMs.length / phase.result.seconds;
  };
  const shares = Array.from({ length: run.rounds }, (_, r) => 1 - rate(r, kind) / rate(r, 'none'));
  shares.sort((a, b) => a - b);
  const middle = Math.floor(shares.length / 2);
  return shares.length % 2 === 1
    ? (shares[middle] ?? 0)
    : ((shares[middle - 1] ?? 0) + (shares[middle] ?? 0)) / 2;
}

const ms = (n: number) => n.toFixed(2);
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (n: number) => `${(n * 100).toFixed(1)}%`;

const NAMES: Record<PhaseKind, string> = {
  none: 'no flood',
  refused: 'refused probes',
  control: 'whoami (control)',
};

function row(run: FloodRun, kind: PhaseKind): string {
  const s = summarise(run, kind);
  const loads = `${Math.min(...s.loads).toFixed(1)}–${Math.max(...s.loads).toFixed(1)}`;
  const flooded = kind !== 'none';
  return `| ${NAMES[kind]} | ${count(s.pulls)} | ${s.seconds.toFixed(0)} s | ${count(s.perSecond)} | ${ms(s.latency.p50)} | ${ms(s.latency.p99)} | ${flooded ? count(s.floodPerSecond) : '–'} | ${ms(s.brokerCpuMsPerPull)} | ${flooded ? percent(slowdown(run, kind)) : '–'} | ${flooded ? percent(medianRoundSlowdown(run, kind)) : '–'} | ${loads} |`;
}

/** The "Refused-probe flood" section of BENCHMARKS.md. */
export function renderFloodSection(run: FloodRun): string {
  const { machine } = run;
  const refused = slowdown(run, 'refused');
  const control = slowdown(run, 'control');
  const auditOk = run.audit.intact && run.audit.refusedRequests === run.expectedRefused;
  const pace =
    run.probeRate > 0
      ? `${count(run.probeRate)} per second on a fixed schedule, at most ${run.probeConcurrency} in flight`
      : `as fast as answered, ${run.probeConcurrency} in flight`;
  return [
    '## Refused-probe flood',
    '',
    `Pull exchanges through the broker (as in "Pull exchanges": mutual TLS, assertion, policy, two adapters, durable audit) while an outsider's client sends ${count(run.probes)} probes that are refused after its certificate. Run with \`npm run bench:probe-flood\` (bench/probe-flood.ts; \`-- --probes N --probe-rate R --probe-concurrency C --rounds K\`).`,
    '',
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB memory, Node ${machine.node}; load average ${machine.loadAverage.toFixed(2)} at start`,
    `- Exchanges: the youth-care case director's pull of two categories from two providers, ${run.pullConcurrency} in flight (closed loop). Probes: \`GET /v1/cases/<random uuid>\` by \`mhc\`, a covenant partner in no case, with a valid assertion each, ${pace}: each is a 404 and an \`access.refused\` entry (appended through the audit trail's group commit; the middleware awaits it before answering) until \`mhc\` has spent its refusal budget (\`BROKER_REFUSALS_PER_MINUTE\`, 120 a minute), and from then on a 429 before its assertion is checked, counted into an entry every ten seconds.`,
    '- Control: as many `GET /v1/whoami` by another outsider (`reclassering-cn`) at the same pace, which pass the same certificate, assertion and replay-claim checks but are not refused and not audited: what any request at that rate costs the broker.',
    `- ${run.rounds} rounds, each a phase without a flood, one with ${count(run.probes / run.rounds)} probes and one with as many control requests (of the same length, in an order that turns each round), so that other work on the machine weighs on all three alike. A flood phase counts only the pulls that finished while the flood went on.`,
    `- Audit: ${count(run.audit.refusedEntries)} \`access.refused\` entries accounting for ${count(run.audit.refusedRequests)} of ${count(run.expectedRefused)} probes (warm-up included; the probes the refusal throttle turned away with 429 are counted in an entry every ten seconds), ${count(run.audit.pullEntries)} pull entries; the whole trail (${count(run.audit.entries)} entries) verifies **${run.audit.intact ? 'intact' : 'BROKEN'}**${auditOk ? '' : ' — **entries missing**'}.`,
    '',
    '| Phase | Pulls | Time | Pulls/s | Pull p50 ms | Pull p99 ms | Flood requests/s | Broker CPU ms per pull | Slowdown | Median of rounds | Load |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(run, 'none'),
    row(run, 'refused'),
    row(run, 'control'),
    '',
    "Broker CPU per pull includes the flood's requests handled meanwhile.",
    '',
    `Slowdown of exchanges (throughput) under the refused-probe flood: **${percent(refused)}** (median of the rounds ${percent(medianRoundSlowdown(run, 'refused'))}); under the control flood of requests that are not refused: ${percent(control)}; the refusals' own share: ${percent(refused - control)}.`,
    `Target: at most ${percent(TARGET_SLOWDOWN)} — **${refused <= TARGET_SLOWDOWN ? 'met' : 'not met'}**.`,
  ].join('\n');
}
