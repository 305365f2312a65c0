import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AdapterProcessConfig, AdapterReady } from './adapter-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADAPTER_ENTRY = fileURLToPath(new URL('./adapter-process.ts', import.meta.url));
/**
 * Node runs the TypeScript sources through tsx, as `npm run broker` does. With
 * BENCH_CPU_PROF_DIR set, every child writes a V8 CPU profile there when it exits.
 */
const profileDir = process.env.BENCH_CPU_PROF_DIR;
const TSX = [
  '--import',
  'tsx',
  ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
];
const START_TIMEOUT_MS = 60_000;

export interface Running {
  readonly url: string;
  readonly pid: number;
  /** SIGTERM, then waits for the process to exit: the broker signs its checkpoint first. */
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      if (child.exitCode !== null) {
        resolve();
        return;
      }
      child.once('exit', (code, signal) =>
        code === 0 ? resolve() : reject(new Error(`exited with ${code ?? signal}`)),
      );
      child.kill('SIGTERM');
    });
}

function startTimeout(what: string, child: ChildProcess, reject: (error: Error) => void) {
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
    reject(new Error(`${what} did not start within ${START_TIMEOUT_MS} ms`));
  }, START_TIMEOUT_MS);
  child.once('exit', (code) => reject(new Error(`${what} exited with ${code} while starting`)));
  return timer;
}

/** One partner adapter in a process of its own, as a partner would run it. */
export function startAdapterProcess(config: AdapterProcessConfig): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = fork(ADAPTER_ENTRY, [JSON.stringify(config)], {
      cwd: ROOT,
      execArgv: TSX,
      // Its log lines go nowhere, but are still written: that is the adapter's real cost.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const timer = startTimeout(`adapter ${config.organisation}`, child, reject);
    child.once('message', (message) => {
      clearTimeout(timer);
      const { port } = message as AdapterReady;
      resolve({ url: `https://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: stopper(child) });
    });
  });
}

export interface BrokerProcessOptions {
  readonly stateDir: string;
  /** Organisation id to adapter base URL: BROKER_ADAPTERS. */
  readonly adapters: Readonly<Record<string, string>>;
  /** BROKER_ADAPTER_TIMEOUT_MS. */
  readonly adapterTimeoutMs: number;
  /** Keeps the broker's "request refused" warnings off stderr, where a flood of them is expected. */
  readonly expectRefusals?: boolean;
}

/**
 * The broker exactly as `npm run broker` runs it (broker/main.ts), configured by environment
 * only: the state directory holding the network's keys, the embedded SQLite default, its
 * default log level, and a free port read back from its "broker listening" log line.
 */
export function startBrokerProcess(options: BrokerProcessOptions): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, 'broker/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        BROKER_STATE_DIR: options.stateDir,
        BROKER_PORT: '0',
        BROKER_DEMO_PARTNER: '',
        BROKER_ADAPTERS: JSON.stringify(options.adapters),
        BROKER_ADAPTER_TIMEOUT_MS: String(options.adapterTimeoutMs),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = startTimeout('broker', child, reject);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; port?: number; level?: number };
      if (entry.msg === 'broker listening (mutual TLS)' && entry.port !== undefined) {
        clearTimeout(timer);
        resolve({
          url: `https://127.0.0.1:${entry.port}`,
          pid: child.pid ?? 0,
          stop: stopper(child),
        });
      } else if (
        (entry.level ?? 0) >= 40 &&
        !(options.expectRefusals === true && entry.msg === 'request refused')
      ) {
        // A warning or error during the run (a refused request, a failed append) is news.
        console.error(`broker: ${line}`);
      }
    });
  });
}
