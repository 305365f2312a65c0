import { parentPort, workerData } from 'node:worker_threads';
import { checkRange } from './range-check.ts';
import type { RangeJob, WorkerMessage, WorkerSetup } from './range-worker-protocol.ts';
import { openTrailReader } from './trail-reader.ts';

// A worker thread of the verifier (range-pool.ts): checks the ranges it is sent over a
// connection of its own, one at a time, until it is told to stop. No top-level await:
// range-worker-boot.cjs loads this module as CommonJS.
const port = parentPort;
if (port === null) throw new Error('range-worker.ts runs as a worker thread');
const { databaseUrl, pageSize } = workerData as WorkerSetup;
const send = (message: WorkerMessage) => port.postMessage(message);

openTrailReader(databaseUrl).then((reader) => {
  port.on('message', async (job: RangeJob | null) => {
    if (job === null) {
      await reader.close();
      port.close();
      return;
    }
    try {
      const outcome = await checkRange(reader, job.range, pageSize, (entries) =>
        send({ kind: 'checked', entries }),
      );
      send({ kind: 'outcome', index: job.index, outcome });
    } catch (error) {
      send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
  send({ kind: 'ready' });
});
