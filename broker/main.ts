import { mkdir } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config/config.ts';
import { BrokerError } from './errors/broker-error.ts';
import { createLogger } from './log/logger.ts';
import { openPolicyEngine } from './policy/wasm-policy-engine.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  await mkdir(config.stateDir, { recursive: true, mode: 0o700 });
  const policy = await openPolicyEngine(config.policyBundleDir, {
    onError: (error) => logger.error({ code: error.code, err: error }, 'policy failure: denying'),
  });
  const app = createApp({ policy, logger });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    logger.info(
      { address: info.address, port: info.port, policyRevision: policy.revision },
      'broker listening',
    );
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof BrokerError ? `${error.code}: ${error.message}` : String(error);
  console.error(`zvh-broker: ${message}`);
  process.exit(1);
});
