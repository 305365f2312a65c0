import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { exists, writePrivateKey, writePublicFile } from '../certificates/secret-files.ts';
import { KeysError } from '../keys-error.ts';

/**
 * The JWS algorithm of the policy-signing key. ECDSA P-256: OPA's bundle signing
 * accepts it (`--signing-alg ES256`), its keys and signatures are small, and Node and
 * OPA verify it natively.
 */
export const POLICY_SIGNING_ALGORITHM = 'ES256';

export interface PolicySigningKeyPaths {
  readonly directory: string;
  /** PKCS#8 PEM, mode 0600: whoever builds the bundles keeps it; the broker never needs it. */
  readonly privateKey: string;
  /** SPKI PEM: BROKER_POLICY_VERIFICATION_KEY, and OPA's `--verification-key`. */
  readonly publicKey: string;
}

/**
 * Where the policy-signing key lives: beside the networks' CAs, under its own name,
 * because one key signs the bundle that holds every network's covenant.
 */
export function policySigningKeyPaths(directory: string): PolicySigningKeyPaths {
  return {
    directory,
    privateKey: join(directory, 'key.pem'),
    publicKey: join(directory, 'public.pem'),
  };
}

/** The default directory of the policy-signing key under a state directory. */
export function defaultPolicySigningKeyDir(stateDir: string): string {
  return join(stateDir, 'keys', 'policy-signing');
}

/**
 * Generates a policy-signing key pair into `directory`; refuses to replace one, since
 * brokers verifying with the old public key would then refuse every new bundle.
 *
 * @example
 * const paths = await createPolicySigningKey('.state/keys/policy-signing');
 */
export async function createPolicySigningKey(directory: string): Promise<PolicySigningKeyPaths> {
  const paths = policySigningKeyPaths(directory);
  if ((await exists(paths.privateKey)) || (await exists(paths.publicKey))) {
    throw new KeysError('KEY_EXISTS', `a policy-signing key already exists in ${directory}`);
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await writePrivateKey(
    paths.privateKey,
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  await writePublicFile(
    paths.publicKey,
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  return paths;
}

/** The key in `directory`, generated first if there is none (the demo's first start). */
export async function ensurePolicySigningKey(directory: string): Promise<PolicySigningKeyPaths> {
  const paths = policySigningKeyPaths(directory);
  if ((await exists(paths.privateKey)) && (await exists(paths.publicKey))) return paths;
  return createPolicySigningKey(directory);
}
