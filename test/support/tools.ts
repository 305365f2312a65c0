import { execFile, spawnSync } from 'node:child_process';

export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Whether `command` runs with `args` and exits 0. */
export function available(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** In CI every tool is installed, so a missing one fails instead of skipping. */
export function requireTool(present: boolean, name: string): boolean {
  if (!present && process.env.CI === 'true') throw new Error(`${name} is required when CI=true`);
  return present;
}

/** Runs a tool to its end; a failing exit is a result, not a rejection. */
export function run(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, [...args], { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), out, err });
    });
  });
}
