import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Network } from './certificates.ts';
import { AUDIENCE } from './test-broker.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 60_000;
const LISTENING = 'broker listening (mutual TLS)';

export interface BrokerProcessOptions {
  /** The test network; named `bonaire`, the network the broker serves and seeds. */
  readonly network: Network;
  readonly databaseUrl: string;
  /** The store's secret, so that the test's own store reads what the broker wrote. */
  readonly identifierSecret: Uint8Array;
  /** Organisation id to adapter URL: BROKER_ADAPTERS. */
  readonly adapters: Readonly<Record<string, string>>;
  readonly adapterTimeoutMs: number;
  /** A command that runs the broker's command line, e.g. `['fiu-run', '-x']`. */
  readonly wrapper?: readonly string[];
}

export interface BrokerProcess {
  readonly url: string;
  readonly pid: number;
  /** Its log lines, as it wrote them (JSON). */
  readonly lines: readonly string[];
  /** Sends the signal and resolves once the process is gone. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The broker as `npm run broker` runs it (broker/main.ts), in a process of its own, so a
 * test can kill it as a crash would: configured by environment only, on the network's CA
 * (the state directory is the network's), on a free port read from its log.
 */
export function startBrokerProcess(options: BrokerProcessOptions): Promise<BrokerProcess> {
  const [command, ...prefix] = [...(options.wrapper ?? []), process.execPath];
  const child: ChildProcess = spawn(
    command as string,
    [...prefix, '--import', 'tsx', 'broker/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        BROKER_STATE_DIR: options.network.dir,
        BROKER_NETWORK: options.network.authority.network,
        BROKER_AUDIENCE: AUDIENCE,
        BROKER_PORT: '0',
        BROKER_DEMO_PARTNER: '',
        BROKER_DATABASE_URL: options.databaseUrl,
        BROKER_IDENTIFIER_KEY: Buffer.from(options.identifierSecret).toString('base64'),
        BROKER_ADAPTERS: JSON.stringify(options.adapters),
        BROKER_ADAPTER_TIMEOUT_MS: String(options.adapterTimeoutMs),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the broker did not start within ${START_TIMEOUT_MS} ms:\n${stderr}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the broker exited with ${code ?? signal} while starting:\n${stderr}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === LISTENING && entry.port !== undefined) {
        clearTimeout(timer);
        resolve({
          url: `https://127.0.0.1:${entry.port}`,
          pid: child.pid ?? 0,
          lines,
          async stop(signal) {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    });
  });
}
