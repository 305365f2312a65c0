import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { available } from './tools.ts';

const PROJECT_OPA = resolve('.tools/bin/opa');

/** The OPA CLI installed by `npm run setup:opa`, else the one on PATH, else null. */
function findOpa(): string | null {
  if (existsSync(PROJECT_OPA)) return PROJECT_OPA;
  return available('opa', ['version']) ? 'opa' : null;
}

/**
 * Tests that need the real OPA run when it is installed. Without it they are skipped
 * with a message saying so, except under CI, where a missing OPA fails the run.
 */
export function opaForTests(): { opa: string | null; skipReason: string | null } {
  const opa = findOpa();
  if (opa !== null) return { opa, skipReason: null };
  if (process.env.CI === 'true') {
    throw new Error('the OPA CLI is not installed; CI must run `npm run setup:opa` first');
  }
  return { opa: null, skipReason: 'OPA CLI not installed (npm run setup:opa): skipped' };
}

/** Runs `opa` with arguments and returns its stdout; large outputs are expected. */
export function runOpa(opa: string, args: readonly string[]): string {
  return execFileSync(opa, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}
