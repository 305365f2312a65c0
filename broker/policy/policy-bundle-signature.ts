import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, compactVerify, exportJWK } from 'jose';
import { z } from 'zod';
import { ConfigInvalidError, PolicyBundleRefusedError } from '../errors/broker-error.ts';
import { opaFileHash } from './opa-file-hash.ts';
import {
  type BundleFiles,
  bundleFileName,
  DEFAULT_BUNDLE_LIMITS,
  SIGNATURES_FILE,
} from './policy-bundle-files.ts';

/** The JWS algorithms a policy bundle may be signed with: OPA's defaults for EC and RSA keys. */
export type PolicySignatureAlgorithm = 'ES256' | 'ES384' | 'RS256';

/** The public key bundles must be signed by, imported once at start. */
export interface PolicyVerificationKey {
  readonly key: KeyObject;
  readonly algorithm: PolicySignatureAlgorithm;
  /** RFC 7638 thumbprint: what the build puts in `kid`, and what the log names. */
  readonly keyId: string;
}

/** The only file hash the broker accepts; OPA would also take MD5 and SHA-1. */
const FILE_HASH_ALGORITHM = 'SHA-256';

const MAX_TOKEN_CHARS = 64 * 1024;

const signaturesFileSchema = z
  .object({ signatures: z.array(z.string().max(MAX_TOKEN_CHARS)).length(1) })
  .strict();

const payloadSchema = z.object({
  files: z
    .array(
      z.object({
        name: z.string().min(1).max(1024),
        hash: z.string().regex(/^[0-9a-fA-F]{1,128}$/),
        algorithm: z.string().max(32),
      }),
    )
    .max(DEFAULT_BUNDLE_LIMITS.files),
  scope: z.string().max(1024).optional(),
});

/** The algorithm a key signs bundles with (public or private); null for any other key. */
export function signatureAlgorithmOf(key: KeyObject): PolicySignatureAlgorithm | null {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'secp384r1') return 'ES384';
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) return 'RS256';
  return null;
}

/** The verification key from its PEM (SPKI public key or certificate). */
export async function policyVerificationKeyFromPem(pem: string): Promise<PolicyVerificationKey> {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (cause) {
    throw new ConfigInvalidError('BROKER_POLICY_VERIFICATION_KEY: not a PEM public key', {
      cause,
    });
  }
  const algorithm = signatureAlgorithmOf(key);
  if (algorithm === null) {
    throw new ConfigInvalidError(
      'BROKER_POLICY_VERIFICATION_KEY: need an EC P-256 or P-384 key, or RSA of 2048 bits or more',
    );
  }
  return {
    key,
    algorithm,
    keyId: await calculateJwkThumbprint(await exportJWK(key)),
  };
}

/**
 * Reads the verification key named by BROKER_POLICY_VERIFICATION_KEY.
 *
 * @example
 * const key = await loadPolicyVerificationKey('.state/keys/policy-signing/public.pem');
 */
export async function loadPolicyVerificationKey(path: string): Promise<PolicyVerificationKey> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigInvalidError(`BROKER_POLICY_VERIFICATION_KEY: cannot read ${path}`, { cause });
  }
  return policyVerificationKeyFromPem(pem);
}

function refused(
  code: 'POLICY_BUNDLE_UNSIGNED' | 'POLICY_BUNDLE_SIGNATURE_INVALID' | 'POLICY_BUNDLE_FILE_ALTERED',
  message: string,
  cause?: unknown,
): PolicyBundleRefusedError {
  return new PolicyBundleRefusedError(code, message, cause === undefined ? undefined : { cause });
}

async function signedFileHashes(
  signatures: Uint8Array,
  key: PolicyVerificationKey,
): Promise<Map<string, string>> {
  let token: string;
  try {
    const parsed = signaturesFileSchema.parse(JSON.parse(Buffer.from(signatures).toString('utf8')));
    token = parsed.signatures[0] as string;
  } catch (cause) {
    throw refused(
      'POLICY_BUNDLE_SIGNATURE_INVALID',
      `${SIGNATURES_FILE} must hold exactly one JWT and no plugin`,
      cause,
    );
  }
  let payload: z.infer<typeof payloadSchema>;
  try {
    const verified = await compactVerify(token, key.key, { algorithms: [key.algorithm] });
    payload = payloadSchema.parse(JSON.parse(new TextDecoder().decode(verified.payload)));
  } catch (cause) {
    throw refused(
      'POLICY_BUNDLE_SIGNATURE_INVALID',
      `the bundle signature does not verify with the configured key ${key.keyId} (${key.algorithm})`,
      cause,
    );
  }
  if (payload.scope !== undefined && payload.scope !== '') {
    // OPA refuses a scope its verification config does not name; the broker names none.
    throw refused('POLICY_BUNDLE_SIGNATURE_INVALID', `the signature is scoped to ${payload.scope}`);
  }
  const hashes = new Map<string, string>();
  for (const file of payload.files) {
    if (file.algorithm !== FILE_HASH_ALGORITHM) {
      throw refused(
        'POLICY_BUNDLE_SIGNATURE_INVALID',
        `${file.name} is hashed with ${file.algorithm}; only ${FILE_HASH_ALGORITHM} is accepted`,
      );
    }
    const name = bundleFileName(file.name);
    if (hashes.has(name)) {
      throw refused('POLICY_BUNDLE_SIGNATURE_INVALID', `the signature lists ${name} twice`);
    }
    hashes.set(name, file.hash.toLowerCase());
  }
  return hashes;
}

/**
 * Checks a bundle as OPA's bundle verification does, and stricter: `.signatures.json`
 * holds one JWT whose signature verifies with `key`, its payload lists every file of the
 * bundle (but itself) with the SHA-256 OPA computes for it, and no listed file is missing.
 * Throws a PolicyBundleRefusedError (UNSIGNED, SIGNATURE_INVALID, FILE_ALTERED) otherwise.
 */
export async function verifyBundleSignature(
  files: BundleFiles,
  key: PolicyVerificationKey,
): Promise<void> {
  const signatures = files.get(SIGNATURES_FILE);
  if (signatures === undefined) {
    throw refused('POLICY_BUNDLE_UNSIGNED', `the bundle has no ${SIGNATURES_FILE}`);
  }
  const listed = await signedFileHashes(signatures, key);
  for (const [name, content] of files) {
    if (name === SIGNATURES_FILE) continue;
    const expected = listed.get(name);
    if (expected === undefined) {
      throw refused('POLICY_BUNDLE_FILE_ALTERED', `${name} is not listed in the bundle signature`);
    }
    let actual: string;
    try {
      actual = opaFileHash(name, content);
    } catch (cause) {
      throw refused('POLICY_BUNDLE_FILE_ALTERED', `${name} no longer parses`, cause);
    }
    if (actual !== expected) {
      throw refused('POLICY_BUNDLE_FILE_ALTERED', `${name} differs from the signed hash`);
    }
  }
  const missing = [...listed.keys()].filter((name) => !files.has(name));
  if (missing.length > 0) {
    throw refused('POLICY_BUNDLE_FILE_ALTERED', `signed files missing: ${missing.join(', ')}`);
  }
}
