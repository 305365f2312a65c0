import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleFiles } from '../../broker/policy/policy-bundle-files.ts';
import { readBundleDirectory, SIGNATURES_FILE } from '../../broker/policy/policy-bundle-files.ts';
import { signBundleFiles } from '../../broker/policy/policy-bundle-signer.ts';
import { createPolicySigningKey } from '../../keys/policy/policy-signing-key.ts';

export interface TestSigningKey {
  readonly privateKeyPem: string;
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
}

/** A policy-signing key of the test's own, made by the same code as `npm run keys -- policy-key`. */
export async function testSigningKey(): Promise<TestSigningKey> {
  const paths = await createPolicySigningKey(await mkdtemp(join(tmpdir(), 'zvh-policy-key-')));
  return {
    privateKeyPem: await readFile(paths.privateKey, 'utf8'),
    privateKeyPath: paths.privateKey,
    publicKeyPath: paths.publicKey,
  };
}

/** The committed bundle's files, unsigned: whatever `policies/` holds now. */
export async function committedBundle(): Promise<Map<string, Uint8Array>> {
  const files = new Map(await readBundleDirectory('policies/bundle'));
  files.delete(SIGNATURES_FILE);
  return files;
}

function json(files: BundleFiles, name: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(files.get(name) as Uint8Array).toString('utf8'));
}

/**
 * The committed bundle under another revision, its data changed by `change`: a bundle
 * an operator could build from modified policy sources.
 */
export async function bundleAtRevision(
  revision: string,
  change: (data: Record<string, unknown>) => void = () => undefined,
): Promise<Map<string, Uint8Array>> {
  const files = await committedBundle();
  const manifest = json(files, '.manifest');
  const data = json(files, 'data.json');
  change(data);
  files.set('.manifest', Buffer.from(JSON.stringify({ ...manifest, revision })));
  files.set('data.json', Buffer.from(JSON.stringify(data)));
  return files;
}

/** The files with the signature `.signatures.json` a signed build adds. */
export async function signed(
  files: BundleFiles,
  key: TestSigningKey,
): Promise<Map<string, Uint8Array>> {
  const all = new Map(files);
  all.set(SIGNATURES_FILE, Buffer.from(await signBundleFiles(files, key.privateKeyPem)));
  return all;
}

/** One byte of one file changed, in place: `at` counts from the middle of the file. */
export function withFlippedByte(files: BundleFiles, name: string, at = 0): Map<string, Uint8Array> {
  const copy = Buffer.from(files.get(name) as Uint8Array);
  const middle = Math.floor(copy.length / 2) + at;
  const index = name.endsWith('.json') ? letterInStringFrom(copy, middle) : middle;
  copy[index] = (copy[index] as number) ^ 0x01;
  return new Map(files).set(name, copy);
}

/**
 * The first ASCII letter at or after `from` that sits inside a JSON string, so that the
 * altered file is still JSON and only its digest can tell: a flip in a bracket or a comma
 * would be refused as malformed before any signature is looked at.
 */
function letterInStringFrom(json: Buffer, from: number): number {
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const byte = json[i] as number;
    if (inString && byte === 0x5c) {
      i += 1;
      continue;
    }
    if (byte === 0x22) inString = !inString;
    else if (inString && i >= from && /[a-z]/i.test(String.fromCharCode(byte))) return i;
  }
  throw new TypeError('no letter inside a string after the middle of the file');
}

/** Replaces the bundle in `dir` as a build would, file by file, the signature last. */
export async function writeBundle(dir: string, files: BundleFiles): Promise<void> {
  for (const name of (await readBundleDirectory(dir).catch(() => new Map())).keys()) {
    if (!files.has(name)) await rm(join(dir, name));
  }
  const names = [...files.keys()].sort((a, b) =>
    a === SIGNATURES_FILE ? 1 : b === SIGNATURES_FILE ? -1 : a.localeCompare(b),
  );
  for (const name of names) await writeFile(join(dir, name), files.get(name) as Uint8Array);
}
