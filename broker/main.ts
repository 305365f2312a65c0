import { CodedError } from '../adapters/contract/coded-error.ts';
import { loadConfig } from './config/config.ts';
import { howToCall } from './how-to-call.ts';
import { createLogger } from './log/logger.ts';
import { startBroker } from './start-broker.ts';
import { stopOnSignal } from './stop-on-signal.ts';

// The broker alone, as production runs it: partner adapters come from BROKER_ADAPTERS.
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const broker = await startBroker(config, logger);
  if (broker.keys.demoPartner !== null) {
    console.error(howToCall(broker.keys.demoPartner, config.audience, broker.port));
  }
  stopOnSignal(() => broker.stop(), logger);
}

main().catch((error: unknown) => {
  const message = error instanceof CodedError ? `${error.code}: ${error.message}` : String(error);
  console.error(`zvh-broker: ${message}`);
  process.exit(1);
});
