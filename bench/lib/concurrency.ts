import { type LatencySummary, summarize } from './latency.ts';

/**
 * Calls `step(0)` … `step(count - 1)` with `concurrency` calls in flight at all times (a
 * closed loop: each finished call starts the next), timing each call from start to end.
 */
export async function timeConcurrent(
  count: number,
  concurrency: number,
  step: (i: number) => Promise<void>,
): Promise<LatencySummary> {
  const samples = new Float64Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const before = process.hrtime.bigint();
      await step(i);
      samples[i] = Number(process.hrtime.bigint() - before);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return summarize(samples, process.hrtime.bigint() - start);
}
