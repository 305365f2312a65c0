import type { Machine } from '../lib/machine.ts';
import type { AuditCheck } from './audit-check.ts';
import { ADAPTER_TIMEOUT_MS, type Level, type Run } from './measure.ts';

export interface LevelResult {
  readonly level: Level;
  readonly direct: Run;
  readonly broker: Run;
}

export interface ExchangeBenchResult {
  readonly machine: Machine;
  /** One-minute load average when the measuring ended. */
  readonly loadAtEnd: number;
  readonly levels: readonly LevelResult[];
  /** Pull exchanges made through the broker, warm-up included. */
  readonly exchanges: number;
  readonly providers: number;
  readonly audit: AuditCheck;
}

/** Issue 5, point 7: exchanges per second through the broker on 2 cores. */
export const TARGET_EXCHANGES_PER_SECOND = 1_000;
/** Issue 5, point 7: the broker at most this many times the direct call (p50 latency). */
export const TARGET_RATIO = 2;

export interface Verdict {
  readonly bestPerSecond: number;
  readonly throughputMet: boolean;
  /** Broker p50 over direct p50, per level. */
  readonly p50Ratios: readonly number[];
  readonly ratioMet: boolean;
  /** One pull entry per provider per exchange, and the chain verifies. */
  readonly auditComplete: boolean;
}

export function assess(result: ExchangeBenchResult): Verdict {
  const bestPerSecond = Math.max(...result.levels.map((l) => l.broker.latency.perSecond));
  const p50Ratios = result.levels.map((l) => l.broker.latency.p50Ns / l.direct.latency.p50Ns);
  return {
    bestPerSecond,
    throughputMet: bestPerSecond >= TARGET_EXCHANGES_PER_SECOND,
    p50Ratios,
    ratioMet: p50Ratios.every((ratio) => ratio <= TARGET_RATIO),
    auditComplete:
      result.audit.intact && result.audit.pullEntries === result.exchanges * result.providers,
  };
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const millis = (ns: number): string => `${(ns / 1e6).toFixed(2)} ms`;
const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const met = (yes: boolean): string => (yes ? '**met**' : '**not met**');

function row(result: LevelResult, ratio: number): string {
  const { level } = result;
  const direct = result.direct.latency;
  const broker = result.broker.latency;
  return `| ${level.concurrency} | ${integer.format(level.count)} | ${integer.format(broker.perSecond)} | ${millis(broker.p50Ns)} | ${millis(broker.p99Ns)} | ${integer.format(direct.perSecond)} | ${millis(direct.p50Ns)} | ${millis(direct.p99Ns)} | ${ratio.toFixed(2)}× | ${(direct.perSecond / broker.perSecond).toFixed(2)}× |`;
}

/** CPU milliseconds per exchange (or direct call) of one party. */
function perCall(seconds: number, level: Level): string {
  return ((seconds * 1000) / level.count).toFixed(2);
}

function cpuRow({ level, broker, direct }: LevelResult): string {
  const total = broker.cpu.broker + broker.cpu.adapters + broker.cpu.client;
  return `| ${level.concurrency} | ${perCall(broker.cpu.broker, level)} | ${perCall(broker.cpu.adapters, level)} | ${perCall(broker.cpu.client, level)} | ${perCall(total, level)} | ${perCall(direct.cpu.adapters, level)} | ${perCall(direct.cpu.client, level)} |`;
}

/** The "Pull exchanges" section of BENCHMARKS.md, also printed to the console. */
export function renderSection(result: ExchangeBenchResult, verdict: Verdict): string {
  const { machine, audit } = result;
  const rows = result.levels.map((level, i) => row(level, verdict.p50Ratios[i] ?? Number.NaN));
  return `## Pull exchanges

End-to-end pull exchanges through the broker beside direct calls of the same adapters, in
the same run. Run with \`npm run bench:exchange\` (bench/exchange.ts, about a minute and a half).

- Date: ${machine.date}
- Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${gib(machine.memoryBytes)} memory, Node ${machine.node}; load average ${machine.loadAverage.toFixed(2)} at start, ${result.loadAtEnd.toFixed(2)} at the end
- One exchange: the youth-care case director's \`POST /v1/cases/{caseId}/persons/{personId}/pull\`
  for \`police_incidents\` and \`police_reports\` (purpose \`case_meeting\`, on recorded consent)
  from two providers, \`politie-cn\` and \`om-bes\`. The broker checks the partner certificate and a
  fresh user assertion, assembles the facts from SQLite, decides per provider in-process, calls
  both adapters in parallel over mutual TLS, keeps the permitted fields and releases each
  provider's result only once its audit entry is durable (SQLite WAL, synchronous=FULL, group
  commit). Each adapter logs the release durably in its own SQLite before answering.
- Both adapters serve the police reference system (\`om-bes\` standing in as a second holder of
  police records), so that both providers release the same records and each exchange does the same
  work on both paths.
- Direct call: the same two adapters asked in parallel with the broker's own adapter client and
  mutual-TLS agent, for the same person and categories: everything but the broker.
- The broker waits up to ${ADAPTER_TIMEOUT_MS / 1000} s for an adapter (\`BROKER_ADAPTER_TIMEOUT_MS\`, default 2 s), so that
  a loaded machine slows the run instead of failing it; an exchange that does not release data
  from both providers stops the benchmark.
- Processes: the broker (\`broker/main.ts\`, as \`npm run broker\` runs it, log level info) and each
  adapter (the adapter kit over the police reference system, log level info) in a child process
  of their own; the benchmark process is the partner's client. All share the machine's CPUs.
- Client: kept-alive connections; closed loop with as many calls in flight as the concurrency;
  user assertions (PS256, RSA 2048) signed before each timed run, since signing is the partner's
  work. Untimed warm-up before every run.
- Audit: ${integer.format(audit.pullEntries)} \`exchange.pull\` entries for ${integer.format(result.exchanges)} exchanges × ${result.providers} providers; the whole trail (${integer.format(audit.entries)} entries, ${audit.checkpoints} checkpoint${audit.checkpoints === 1 ? '' : 's'}) verifies ${audit.intact ? '**intact**' : '**NOT intact**'}.

| Concurrency | Timed | Broker exchanges/s | Broker p50 | Broker p99 | Direct calls/s | Direct p50 | Direct p99 | p50 broker / direct | Throughput direct / broker |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

CPU time (user + system, from /proc) per timed exchange or direct call, in milliseconds. It moves
less than the latencies when other work shares the machine, though contention still inflates it;
the adapters' figures, whose code is the same on both paths, show by how much. Waiting for fsync
is not CPU time.

| Concurrency | Broker | Adapters (both) | Client | All, via the broker | Adapters, direct | Client, direct |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${result.levels.map(cpuRow).join('\n')}

Target: at least ${integer.format(TARGET_EXCHANGES_PER_SECOND)} exchanges/s on 2 cores (best level: ${integer.format(verdict.bestPerSecond)}/s) — ${met(verdict.throughputMet)}.
Target: the broker at most ${TARGET_RATIO}× the direct call (p50, every level) — ${met(verdict.ratioMet)}.
`;
}
