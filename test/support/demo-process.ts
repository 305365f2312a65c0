import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');

/** The last line of the guide the demo prints once everything is up. */
const READY_LINE = 'Stop everything with Ctrl-C.';

export interface DemoProcess {
  /** Resolves with everything written to stderr once the guide is printed. */
  ready(timeoutMs: number): Promise<string>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal: NodeJS.Signals, timeoutMs: number): Promise<number | null>;
}

/**
 * Starts the demo network the way `npm start` does: the start script's tsx entry, from
 * the repository root, with the given environment on top of this one.
 *
 * @example
 * const demo = startDemo({ BROKER_STATE_DIR: dir, BROKER_PORT: '0' });
 * const guide = await demo.ready(120_000);
 */
export function startDemo(env: Readonly<Record<string, string>>): DemoProcess {
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
  const [program, ...args] = String(scripts.start).split(' ');
  if (program !== 'tsx') throw new Error(`the start script no longer runs tsx: ${scripts.start}`);
  const child: ChildProcess = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    ready: (timeoutMs) =>
      poll(timeoutMs, () => {
        if (stderr.includes(READY_LINE)) return stderr;
        if (child.exitCode !== null) throw new Error(`the demo exited early:\n${stderr}`);
        return undefined;
      }),
    async stop(signal, timeoutMs) {
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the demo did not stop within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Checks every 200 ms until `check` gives a value; fails after `timeoutMs`. */
export async function poll<T>(
  timeoutMs: number,
  check: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The printed command that starts with `start` (after the guide's indent), its
 * continuation lines included; `endsWith` picks among several that start alike.
 */
export function printedCommand(guide: string, start: string, endsWith = ''): string {
  const lines = guide.split('\n');
  for (let at = 0; at < lines.length; at++) {
    if (!lines[at]?.trim().startsWith(start)) continue;
    const command: string[] = [];
    for (let next = at; next < lines.length; next++) {
      const line = lines[next] ?? '';
      command.push(line);
      if (!line.endsWith('\\')) break;
    }
    const text = command.join('\n');
    if (text.trim().endsWith(endsWith)) return text;
  }
  throw new Error(`no printed command starting with ${start}`);
}

/** Runs a printed command as a developer would paste it, from the repository root. */
export async function runPrinted(command: string): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', ['-c', command], {
    cwd: ROOT,
    maxBuffer: 4 * 1024 * 1024,
  });
  return stdout;
}
