/**
 * Child process of the endurance benchmark: the broker as `npm run broker` starts it
 * (startBroker on the configuration in the environment), which also answers the parent's
 * `sample` messages over IPC with its memory and its event-loop delay since the last one.
 * Measured inside, because another process can read the broker's RSS but not how long its
 * event loop was held up.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../broker/config/config.ts';
import { createLogger } from '../../broker/log/logger.ts';
import { startBroker } from '../../broker/start-broker.ts';
import { type BrokerReady, type BrokerSample, SAMPLE } from './sample-protocol.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const broker = await startBroker(config, createLogger(config.logLevel));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  process.on('message', (message) => {
    if (message !== SAMPLE) return;
    const memory = process.memoryUsage();
    process.send?.({
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      delayP50Ms: delay.percentile(50) / 1e6,
      delayP99Ms: delay.percentile(99) / 1e6,
      delayMaxMs: delay.max / 1e6,
    } satisfies BrokerSample);
    delay.reset();
  });
  process.once('SIGTERM', () => {
    void broker.stop().then(() => process.exit(0));
  });
  process.send?.({ port: broker.port } satisfies BrokerReady);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
