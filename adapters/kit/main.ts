import { loadAdapterConfig } from './adapter-config.ts';
import { startAdapter } from './start-adapter.ts';

// `tsx adapters/kit/main.ts adapter.json`: a partner's adapter from its configuration file.
const path = process.argv[2];
if (path === undefined) {
  console.error('usage: tsx adapters/kit/main.ts <adapter-config.json>');
  process.exit(2);
}
try {
  const adapter = await startAdapter(await loadAdapterConfig(path));
  const stop = () => void adapter.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  // One line, so an operator sees the first problem without a stack trace.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
