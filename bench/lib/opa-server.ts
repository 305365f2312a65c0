import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface OpaServerOptions {
  readonly opa: string;
  /** Directory the `paths` are relative to. */
  readonly cwd: string;
  readonly paths: readonly string[];
  /** Passed as `--ignore`, as `opa build` gets them, so the server loads what the bundle holds. */
  readonly ignore: readonly string[];
  readonly readyTimeoutMs?: number;
}

export interface OpaServer {
  readonly url: URL;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const STOP_TIMEOUT_MS = 3_000;
const STDERR_KEPT = 4_096;

/** A port the OS has just handed out, so parallel runs and other services do not clash. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, HOST);
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
  return address.port;
}

/** A child that failed to spawn has no pid and will never emit 'exit'. */
function running(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

async function waitForHealth(
  child: ChildProcess,
  url: URL,
  timeoutMs: number,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running(child)) throw new Error(`opa run is not running:\n${stderr()}`);
    try {
      const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet: try again until the deadline.
    }
    await sleep(50);
  }
  throw new Error(`opa run was not healthy within ${timeoutMs} ms:\n${stderr()}`);
}

/**
 * Starts `opa run --server` on a free loopback port and resolves once /health answers.
 * Until `stop`, the server is also killed when this process exits for any reason,
 * including SIGINT and SIGTERM, so an aborted run leaves no OPA behind.
 */
export async function startOpaServer(options: OpaServerOptions): Promise<OpaServer> {
  const port = await freePort();
  const url = new URL(`http://${HOST}:${port}`);
  const child = spawn(
    options.opa,
    [
      'run',
      '--server',
      `--addr=${HOST}:${port}`,
      '--skip-version-check',
      '--log-level=error',
      '--shutdown-grace-period=1',
      ...options.ignore.map((pattern) => `--ignore=${pattern}`),
      ...options.paths,
    ],
    { cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.on('error', (error) => {
    stderr += `\n${error.message}`;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });

  const killNow = (): void => {
    if (running(child)) child.kill('SIGKILL');
  };
  // process.exit runs the 'exit' listeners; a signal's default action would not.
  const exitOnSignal = (signal: NodeJS.Signals): void => {
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', killNow);
  process.on('SIGINT', exitOnSignal);
  process.on('SIGTERM', exitOnSignal);

  const stop = async (): Promise<void> => {
    if (running(child)) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const escalation = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(escalation);
    }
    process.off('exit', killNow);
    process.off('SIGINT', exitOnSignal);
    process.off('SIGTERM', exitOnSignal);
  };

  try {
    await waitForHealth(child, url, options.readyTimeoutMs ?? 15_000, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
