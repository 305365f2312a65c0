import type { LatencySummary } from '../lib/latency.ts';
import type { Machine } from '../lib/machine.ts';
import type { MemoryFigures } from './measure.ts';
import type { MixCase } from './mix.ts';

export interface PolicyBenchResult {
  readonly machine: Machine;
  readonly opaVersion: string;
  readonly revision: string;
  readonly mix: readonly MixCase[];
  readonly inProcess: LatencySummary;
  readonly opaServer: LatencySummary;
  readonly memory: MemoryFigures;
}

/** Issue 2, point 8: deciding in-process must beat asking an OPA server by this much at p50. */
export const TARGET_P50_RATIO = 30;

export interface Verdict {
  readonly p50Ratio: number;
  readonly targetMet: boolean;
  readonly wasmMemoryFlat: boolean;
}

export function assess(result: PolicyBenchResult): Verdict {
  const p50Ratio = result.opaServer.p50Ns / result.inProcess.p50Ns;
  return {
    p50Ratio,
    targetMet: p50Ratio >= TARGET_P50_RATIO,
    wasmMemoryFlat: result.memory.wasmAfter === result.memory.wasmBefore,
  };
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const micros = (ns: number): string => `${(ns / 1_000).toFixed(1)} µs`;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const signedMib = (bytes: number): string => `${bytes < 0 ? '−' : '+'}${mib(Math.abs(bytes))}`;

function row(engine: string, summary: LatencySummary): string {
  return `| ${engine} | ${integer.format(summary.count)} | ${integer.format(summary.perSecond)} | ${micros(summary.p50Ns)} | ${micros(summary.p99Ns)} |`;
}

/** The "Policy decisions" section of BENCHMARKS.md, also printed to the console. */
export function renderSection(result: PolicyBenchResult, verdict: Verdict): string {
  const { machine, memory } = result;
  const mix = result.mix.map((entry) => `${entry.name} ×${entry.weight}`).join('; ');
  const rss = memory.rssAfter - memory.rssBefore;
  return `## Policy decisions

The exchange policy (\`data.zvh.exchange.decision\`) decided by the broker's in-process
wasm engine and by \`opa run --server\` on loopback (one kept-alive connection, sequential
requests), over the same input mix. Run with \`npm run bench:policy\` (bench/policy.ts).

- Date: ${machine.date}
- Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${gib(machine.memoryBytes)} memory, Node ${machine.node}, OPA ${result.opaVersion}, load average ${machine.loadAverage.toFixed(2)} at start
- Policy bundle revision: \`${result.revision}\`
- Input mix per cycle: ${mix}

| Engine | Decisions timed | Decisions/s | p50 | p99 |
| --- | ---: | ---: | ---: | ---: |
${row('in-process wasm', result.inProcess)}
${row('opa run --server (HTTP)', result.opaServer)}

p50 ratio opa-server / in-process: **${verdict.p50Ratio.toFixed(1)}×**.
Target: in-process at least ${TARGET_P50_RATIO}× faster at p50 — **${verdict.targetMet ? 'met' : 'not met'}**.

The OPA server's decisions equal the in-process ones (without \`revision\`) for every case of the mix.

Memory over ${integer.format(memory.evaluations)} in-process decisions:

| | Before | After | Change |
| --- | ---: | ---: | ---: |
| wasm memory (engine.memoryBytes) | ${integer.format(memory.wasmBefore)} B | ${integer.format(memory.wasmAfter)} B | ${integer.format(memory.wasmAfter - memory.wasmBefore)} B |
| process RSS | ${mib(memory.rssBefore)} | ${mib(memory.rssAfter)} | ${signedMib(rss)} |

Wasm memory ${verdict.wasmMemoryFlat ? '**flat**' : '**grew**'}. RSS includes the JS heap, whose size follows the garbage collector rather than the engine.
`;
}
