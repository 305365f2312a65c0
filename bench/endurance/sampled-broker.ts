import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BrokerReady, type BrokerSample, SAMPLE } from './sample-protocol.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./broker-process.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface SampledBroker {
  readonly url: string;
  readonly pid: number;
  /** Its memory now and its event-loop delay since the last sample. */
  sample(): Promise<BrokerSample>;
  /** SIGTERM: the broker signs its last checkpoint, then exits. */
  stop(): Promise<void>;
}

export interface SampledBrokerOptions {
  readonly stateDir: string;
  readonly adapters: Readonly<Record<string, string>>;
  readonly adapterTimeoutMs: number;
}

/**
 * The broker in a process of its own, configured by environment as in production, on the
 * embedded SQLite in `stateDir`; its log lines are written, as in production, to nowhere.
 */
export function startSampledBroker(options: SampledBrokerOptions): Promise<SampledBroker> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(ENTRY, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BROKER_STATE_DIR: options.stateDir,
        BROKER_PORT: '0',
        BROKER_DEMO_PARTNER: '',
        BROKER_ADAPTERS: JSON.stringify(options.adapters),
        BROKER_ADAPTER_TIMEOUT_MS: String(options.adapterTimeoutMs),
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the broker did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) =>
      reject(new Error(`the broker exited with ${code} while starting`)),
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      const { port } = message as BrokerReady;
      resolve({
        url: `https://127.0.0.1:${port}`,
        pid: child.pid ?? 0,
        sample: () =>
          new Promise((answered) => {
            child.once('message', (sample) => answered(sample as BrokerSample));
            child.send(SAMPLE);
          }),
        stop: () =>
          new Promise((stopped, failed) => {
            if (child.exitCode !== null) {
              stopped();
              return;
            }
            child.once('exit', (code, signal) =>
              code === 0
                ? stopped()
                : failed(new Error(`the broker exited with ${code ?? signal}`)),
            );
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
