import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** A file that goes into the policy bundle: Rego sources (not their tests) and data. */
function isBundleSource(path: string): boolean {
  return (path.endsWith('.rego') && !path.endsWith('_test.rego')) || path.endsWith('data.json');
}

async function listSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(isBundleSource)
    .sort();
}

/**
 * The revision of the policy sources under `dir`: SHA-256 over each source's path and
 * content. The bundle build stamps it into the manifest, so comparing the two tells
 * whether the committed bundle was built from the sources as they are.
 *
 * @example
 * const revision = await policyRevision('policies/zvh');
 */
export async function policyRevision(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const path of await listSources(dir)) {
    const name = relative(dir, path).split(sep).join('/');
    const content = await readFile(path);
    hash.update(`${name}\0${content.length}\0`);
    hash.update(content);
  }
  return `sha256:${hash.digest('hex')}`;
}
