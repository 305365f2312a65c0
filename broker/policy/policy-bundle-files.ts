import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { PolicyBundleRefusedError } from '../errors/broker-error.ts';

/** A bundle's files by their name inside it (`data.json`, `.manifest`, `a/b/data.json`). */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

/** What one bundle may hold: the broker's bundles have four files; OPA's a few dozen. */
export interface BundleLimits {
  readonly files: number;
  /** All files together, unpacked. */
  readonly bytes: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { files: 256, bytes: 64 * 1024 * 1024 };

export const SIGNATURES_FILE = '.signatures.json';

/**
 * The name of a file inside a bundle as OPA's signatures list it: `/` separated, without
 * a leading `/` or `./` (OPA writes tarball entries as `/data.json`). A name that climbs
 * out of the bundle or is empty is refused.
 */
export function bundleFileName(raw: string): string {
  const name = raw.replace(/^(\.?\/)+/, '');
  const parts = name.split('/');
  if (name === '' || parts.some((part) => part === '' || part === '.' || part === '..')) {
    throw new PolicyBundleRefusedError('POLICY_BUNDLE_INVALID', `bad file name in bundle: ${raw}`);
  }
  return name;
}

/** Adds one file, within the limits and without a second file of the same name. */
export function addBundleFile(
  files: Map<string, Uint8Array>,
  rawName: string,
  content: Uint8Array,
  limits: BundleLimits,
  total: { bytes: number },
): void {
  const name = bundleFileName(rawName);
  if (files.has(name)) {
    throw new PolicyBundleRefusedError('POLICY_BUNDLE_INVALID', `bundle holds ${name} twice`);
  }
  total.bytes += content.byteLength;
  if (files.size + 1 > limits.files || total.bytes > limits.bytes) {
    throw new PolicyBundleRefusedError(
      'POLICY_BUNDLE_INVALID',
      `bundle exceeds ${limits.files} files or ${limits.bytes} bytes`,
    );
  }
  files.set(name, content);
}

/**
 * Every regular file under `dir`, by bundle name. A symbolic link or other special file
 * is refused: what is verified must be what is read.
 *
 * @example
 * const files = await readBundleDirectory('policies/bundle');
 */
export async function readBundleDirectory(
  dir: string,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
): Promise<BundleFiles> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, Uint8Array>();
  const total = { bytes: 0 };
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(dir, path).split(sep).join('/');
    if (!entry.isFile() || !(await lstat(path)).isFile()) {
      throw new PolicyBundleRefusedError('POLICY_BUNDLE_INVALID', `${name} is not a regular file`);
    }
    addBundleFile(files, name, await readFile(path), limits, total);
  }
  return files;
}
