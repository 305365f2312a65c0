import { Worker } from 'node:worker_threads';
import { checkRange, type EntryRange, type RangeOutcome } from './range-check.ts';
import { RangeClaims } from './range-claims.ts';
import type { WorkerMessage, WorkerSetup } from './range-worker-protocol.ts';
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
 * break, the ranges after it are no longer taken: the join stops there anyway.
 * Resolves with the outcomes of a gap-free prefix of `ranges`, enough to join.
 */
export async function checkRanges(
  reader: TrailReader,
  ranges: readonly EntryRange[],
  options: PoolOptions,
): Promise<RangeOutcome[]> {
  const outcomes: (RangeOutcome | undefined)[] = new Array(ranges.length);
  const shared = RangeClaims.share(ranges.length);
  const claims = new RangeClaims(shared);
  const failures: unknown[] = [];
  const fail = (error: unknown) => {
    failures.push(error);
    claims.stopAll();
  };

  const setup: WorkerSetup = {
    databaseUrl: options.databaseUrl,
    pageSize: options.pageSize,
    ranges,
    claims: shared,
  };
  const there = Array.from({ length: Math.max(options.threads - 1, 0) }, () => {
    const worker = new Worker(WORKER_BOOT, { workerData: setup });
    return listen(worker, outcomes, options.onChecked).catch(async (error: unknown) => {
      fail(error);
      await worker.terminate();
    });
  });
  const here = (async () => {
    for (let index = claims.take(); index !== null; index = claims.take()) {
      const outcome = await checkRange(
        reader,
        ranges[index] as EntryRange,
        options.pageSize,
        options.onChecked,
      );
      if (outcome.firstBreak !== null) claims.stopAfter(index);
      outcomes[index] = outcome;
      // SQLite reads never wait for I/O: let the workers' progress reach the display.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })().catch(fail);
  await Promise.all([here, ...there]);
  if (failures.length > 0) throw failures[0];
  const checked = outcomes.slice(0, claims.needed());
  if (checked.includes(undefined)) throw new Error('a range was taken but never checked');
  return checked as RangeOutcome[];
}

/** Collects one worker's outcomes until it ends. */
function listen(
  worker: Worker,
  outcomes: (RangeOutcome | undefined)[],
  onChecked: (entries: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      switch (message.kind) {
        case 'checked':
          onChecked(message.entries);
          break;
        case 'outcome':
          outcomes[message.index] = message.outcome;
          break;
        case 'failed':
          reject(new Error(`a verifier thread failed: ${message.message}`));
          break;
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`a verifier thread ended with exit code ${code}`));
    });
  });
}
