/** Latency of one timed run: per-call percentiles and the throughput over the whole run. */
export interface LatencySummary {
  readonly count: number;
  readonly perSecond: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
}

/**
 * Nearest-rank percentile of ascending samples, so the figure is a latency some call
 * really had rather than an interpolation between two.
 */
export function percentile(sorted: Float64Array, p: number): number {
  const value = sorted[Math.max(Math.ceil((p / 100) * sorted.length), 1) - 1];
  if (value === undefined) throw new RangeError('percentile of no samples');
  return value;
}

export function summarize(samples: Float64Array, wallNs: bigint): LatencySummary {
  const sorted = samples.slice().sort();
  return {
    count: samples.length,
    perSecond: samples.length / (Number(wallNs) / 1e9),
    p50Ns: percentile(sorted, 50),
    p99Ns: percentile(sorted, 99),
  };
}

/** Calls `step(0)` … `step(count - 1)` one after another, timing each call. */
export function timeSync(count: number, step: (i: number) => void): LatencySummary {
  const samples = new Float64Array(count);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const before = process.hrtime.bigint();
    step(i);
    samples[i] = Number(process.hrtime.bigint() - before);
  }
  return summarize(samples, process.hrtime.bigint() - start);
}

/** As timeSync, awaiting each call before the next: sequential, never concurrent. */
export async function timeAsync(
  count: number,
  step: (i: number) => Promise<void>,
): Promise<LatencySummary> {
  const samples = new Float64Array(count);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const before = process.hrtime.bigint();
    await step(i);
    samples[i] = Number(process.hrtime.bigint() - before);
  }
  return summarize(samples, process.hrtime.bigint() - start);
}

/** The tail of a latency distribution, in the samples' unit. */
export interface Tail {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function tailOf(samples: Float64Array): Tail {
  const sorted = samples.slice().sort();
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
  };
}
