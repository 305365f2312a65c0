import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolicyBundleConfig } from '../broker/config/config.ts';
import { policyBundleFromFiles } from '../broker/policy/policy-bundle.ts';
import {
  type BundleFiles,
  readBundleDirectory,
  SIGNATURES_FILE,
} from '../broker/policy/policy-bundle-files.ts';
import { signBundleFiles } from '../broker/policy/policy-bundle-signer.ts';
import {
  defaultPolicySigningKeyDir,
  ensurePolicySigningKey,
} from '../keys/policy/policy-signing-key.ts';

function revisionOf(files: BundleFiles): string | null {
  try {
    return policyBundleFromFiles(files).revision;
  } catch {
    return null;
  }
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return null;
  }
}

async function filesOrEmpty(dir: string): Promise<BundleFiles> {
  try {
    return await readBundleDirectory(dir);
  } catch {
    return new Map();
  }
}

/**
 * The demo runs as production does, on a signed bundle: at first start it generates a
 * policy-signing key in the state directory, signs the committed bundle into
 * `<state>/policy-bundle`, and points the broker at that directory and the key. A bundle
 * the operator put there since (a renewal, `npm run policy:build -- <state>/policy-bundle
 * --signing-key <state>/keys/policy-signing/key.pem`) is kept across restarts; the copy
 * the demo made is replaced when the committed bundle has moved on.
 *
 * A configured verification key, or a URL, means the operator signs: nothing is changed.
 *
 * @example
 * const policy = await signedDemoBundle(config.policy, config.stateDir);
 */
export async function signedDemoBundle(
  policy: PolicyBundleConfig,
  stateDir: string,
): Promise<PolicyBundleConfig> {
  if (policy.verificationKey !== undefined || policy.location.kind !== 'directory') return policy;
  const key = await ensurePolicySigningKey(defaultPolicySigningKeyDir(stateDir));
  const dir = join(stateDir, 'policy-bundle');
  const seededMarker = join(stateDir, 'policy-bundle.seeded');
  const committed = new Map(await readBundleDirectory(policy.location.dir));
  committed.delete(SIGNATURES_FILE);
  const present = revisionOf(await filesOrEmpty(dir));
  const seeded = await readOrNull(seededMarker);
  const operatorPlaced = present !== null && present !== seeded;
  if (!operatorPlaced && present !== revisionOf(committed)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o755 });
    for (const [name, content] of committed) await writeFile(join(dir, name), content);
    await writeFile(
      join(dir, SIGNATURES_FILE),
      await signBundleFiles(committed, await readFile(key.privateKey, 'utf8')),
    );
    await writeFile(seededMarker, `${revisionOf(committed)}\n`);
  }
  return { ...policy, location: { kind: 'directory', dir }, verificationKey: key.publicKey };
}
