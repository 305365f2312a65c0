import { Worker } from 'node:worker_threads';
import { checkRange, type EntryRange, type RangeOutcome } from './range-check.ts';
import type { RangeJob, WorkerMessage, WorkerSetup } from './range-worker-protocol.ts';
import type { TrailReader } from './trail-reader.ts';

const WORKER_BOOT = new URL('./range-worker-boot.cjs', import.meta.url);

export interface PoolOptions {
  readonly databaseUrl: string;
  /** Threads that check ranges, this one included: `threads - 1` workers are started. */
  readonly threads: number;
  readonly pageSize: number;
  readonly onChecked: (entries: number) => void;
}

/**
 * Checks ranges on this thread and on worker threads at once. Every thread takes the
 * lowest range nobody has taken yet, so a worker that starts late (loading TypeScript
 * takes a few hundred milliseconds) or a busy core simply takes fewer. Once a range has a
 * break, the ranges after it are no longer handed out: the join stops there anyway.
 * Resolves with the outcomes of a gap-free prefix of `ranges`, enough to join.
 */
export async function checkRanges(
  reader: TrailReader,
  ranges: readonly EntryRange[],
  options: PoolOptions,
): Promise<RangeOutcome[]> {
  const outcomes: (RangeOutcome | undefined)[] = new Array(ranges.length);
  let next = 0;
  let stopAt = ranges.length;
  const take = (): RangeJob | null => {
    if (next >= stopAt) return null;
    const index = next++;
    return { index, range: ranges[index] as EntryRange };
  };
  const settle = (index: number, outcome: RangeOutcome) => {
    outcomes[index] = outcome;
    if (outcome.firstBreak !== null) stopAt = Math.min(stopAt, index + 1);
  };
  const failures: unknown[] = [];
  // Every thread finishes its current range and stops, so none reads a closed connection.
  const fail = (error: unknown) => {
    failures.push(error);
    stopAt = 0;
  };

  const here = (async () => {
    for (let job = take(); job !== null; job = take()) {
      settle(job.index, await checkRange(reader, job.range, options.pageSize, options.onChecked));
    }
  })().catch(fail);
  const setup: WorkerSetup = { databaseUrl: options.databaseUrl, pageSize: options.pageSize };
  const there = Array.from({ length: Math.max(options.threads - 1, 0) }, () => {
    const worker = new Worker(WORKER_BOOT, { workerData: setup });
    return drive(worker, take, settle, options.onChecked).catch(async (error: unknown) => {
      fail(error);
      await worker.terminate();
    });
  });
  await Promise.all([here, ...there]);
  if (failures.length > 0) throw failures[0];
  const checked = outcomes.slice(0, stopAt);
  if (checked.includes(undefined)) throw new Error('a range was handed out but never checked');
  return checked as RangeOutcome[];
}

/** Feeds one worker ranges until none are left, then waits for it to close and end. */
function drive(
  worker: Worker,
  take: () => RangeJob | null,
  settle: (index: number, outcome: RangeOutcome) => void,
  onChecked: (entries: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const handOut = () => {
      const job = take();
      finished = job === null;
      worker.postMessage(job);
    };
    worker.on('message', (message: WorkerMessage) => {
      switch (message.kind) {
        case 'ready':
          handOut();
          break;
        case 'checked':
          onChecked(message.entries);
          break;
        case 'outcome':
          settle(message.index, message.outcome);
          handOut();
          break;
        case 'failed':
          reject(new Error(`a verifier thread failed: ${message.message}`));
          break;
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (finished && code === 0) resolve();
      else reject(new Error(`a verifier thread ended early (exit code ${code})`));
    });
  });
}
