import { parentPort, workerData } from 'node:worker_threads';
import { openTrailReader } from './open-trail-reader.ts';
import { checkRange, type EntryRange } from './range-check.ts';
import { RangeClaims } from './range-claims.ts';
import type { WorkerMessage, WorkerSetup } from './range-worker-protocol.ts';

// A worker thread of the verifier (range-pool.ts): takes ranges until none is left, checks
// each over a connection of its own, sends each outcome, then ends. No top-level await:
// range-worker-boot.cjs loads this module as CommonJS.
const port = parentPort;
if (port === null) throw new Error('range-worker.ts runs as a worker thread');
const setup = workerData as WorkerSetup;
const claims = new RangeClaims(setup.claims);
const send = (message: WorkerMessage) => port.postMessage(message);

async function work(): Promise<void> {
  const reader = await openTrailReader(setup.databaseUrl);
  try {
    for (let index = claims.take(); index !== null; index = claims.take()) {
      const range = setup.ranges[index] as EntryRange;
      const outcome = await checkRange(reader, range, setup.pageSize, (entries) =>
        send({ kind: 'checked', entries }),
      );
      if (outcome.firstBreak !== null) claims.stopAfter(index);
      send({ kind: 'outcome', index, outcome });
    }
  } finally {
    await reader.close();
  }
}

work().catch((error: unknown) => {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
});
