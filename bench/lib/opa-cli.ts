import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The OPA CLI that `npm run setup:opa` pins under .tools, else whichever is on PATH. */
export function findOpa(root: string): string {
  const pinned = join(root, '.tools/bin/opa');
  return existsSync(pinned) ? pinned : 'opa';
}

/** The version line of `opa version`, e.g. "1.22.2"; fails if the CLI cannot run. */
export function opaVersion(opa: string): string {
  const output = execFileSync(opa, ['version'], { encoding: 'utf8' });
  const version = /^Version:\s*(\S+)/m.exec(output)?.[1];
  if (version === undefined) throw new Error(`cannot read the version from \`${opa} version\``);
  return version;
}
