import type { Machine } from '../lib/machine.ts';
import type { LoadTally } from './mixed-load.ts';
import type { BrokerSample } from './sample-protocol.ts';

/** One minute of the run: what the load did and how the broker was at its end. */
export interface MinuteRow {
  readonly minute: number;
  readonly load: LoadTally;
  readonly broker: BrokerSample;
}

export interface EnduranceResult {
  readonly machine: Machine;
  readonly minutes: number;
  readonly ratePerSecond: number;
  readonly concurrency: number;
  readonly pushEvery: number;
  readonly rows: readonly MinuteRow[];
  readonly audit: {
    readonly intact: boolean;
    readonly entries: number;
    readonly pullEntries: number;
    readonly pulls: number;
  };
}

const MB = 1024 * 1024;

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(Math.ceil((p / 100) * sorted.length), 1) - 1] ?? 0;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** The per-minute table, as printed each minute and kept in BENCHMARKS.md. */
export function tableHeader(): string {
  return [
    '| minute | pulls | pushes | failed | p50 ms | p99 ms | broker RSS MB | heap MB | loop delay p50 / p99 / max ms |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ].join('\n');
}

export function tableRow({ minute, load, broker }: MinuteRow): string {
  return `| ${minute} | ${load.pulls} | ${load.pushes} | ${load.failures} | ${fixed(percentile(load.latenciesMs, 50))} | ${fixed(percentile(load.latenciesMs, 99))} | ${fixed(broker.rssBytes / MB, 0)} | ${fixed(broker.heapUsedBytes / MB, 0)} | ${fixed(broker.delayP50Ms)} / ${fixed(broker.delayP99Ms)} / ${fixed(broker.delayMaxMs)} |`;
}

/**
 * The "Endurance" section: the run's settings, the table, and what it shows: RSS after
 * the first minute against the end, the worst event-loop delay, failures, and the trail.
 */
export function renderSection(result: EnduranceResult): string {
  const { machine, rows } = result;
  const failures = rows.reduce((sum, row) => sum + row.load.failures, 0);
  const exchanges = rows.reduce((sum, row) => sum + row.load.pulls + row.load.pushes, 0);
  // The first minute warms up (caches, JIT, the database's pages); longer runs start after it.
  const settled = rows.length > 2 ? rows[1] : rows[0];
  const last = rows.at(-1);
  const growth =
    settled === undefined || last === undefined
      ? 0
      : (last.broker.rssBytes - settled.broker.rssBytes) / MB;
  const worstDelay = Math.max(...rows.map((row) => row.broker.delayMaxMs));
  const failure = rows.find((row) => row.load.firstFailure !== undefined)?.load.firstFailure;
  return [
    '## Endurance',
    '',
    `\`npm run bench:endurance -- --minutes ${result.minutes}\`: ${result.minutes} minute(s) of mixed exchanges through the broker (mutual TLS, assertion, policy, durable audit) at ${result.ratePerSecond} per second, at most ${result.concurrency} under way: youth care's case director pulls police incidents from the police reference adapter, and every ${result.pushEvery}th exchange is a push from the police to the youth care reference adapter. Broker and adapters run as processes of their own on the embedded SQLite; the broker samples its own memory and event-loop delay (\`monitorEventLoopDelay\`, 1 ms resolution, which the figures include) at the end of every minute.`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${fixed(machine.memoryBytes / 1024 ** 3, 0)} GiB, Node ${machine.node}, load ${fixed(machine.loadAverage, 2)} at the start; ${machine.date}.`,
    '',
    tableHeader(),
    ...rows.map(tableRow),
    '',
    `- ${exchanges} exchanges, ${failures} failed${failure === undefined ? '' : ` (first: \`${failure.replaceAll('|', '/')}\`)`}.`,
    `- Broker RSS from the end of minute ${settled?.minute ?? 0} to the end of the run: ${growth >= 0 ? '+' : ''}${fixed(growth)} MB; worst event-loop delay ${fixed(worstDelay)} ms.`,
    `- Audit trail after the run: ${result.audit.entries} entries, ${result.audit.intact ? 'intact' : 'NOT INTACT'}; ${result.audit.pullEntries} pull entries for ${result.audit.pulls} pulls.`,
  ].join('\n');
}
