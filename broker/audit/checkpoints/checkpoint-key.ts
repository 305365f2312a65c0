import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK } from 'jose';

export interface CheckpointSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** `ES256` for P-256, `RS256` for RSA. */
  readonly alg: 'ES256' | 'RS256';
  /** RFC 7638 thumbprint of the public key, so a verifier can tell rotated keys apart. */
  readonly kid: string;
}

export interface CheckpointKeyPaths {
  readonly privateKey: string;
  readonly publicKey: string;
}

/**
 * Where the broker keeps the key that signs audit checkpoints: beside the network's TLS
 * material, but a key of its own, because a checkpoint must outlive certificate rotation.
 */
export function checkpointKeyPaths(stateDir: string, network: string): CheckpointKeyPaths {
  const dir = join(stateDir, 'keys', network, 'audit');
  return {
    privateKey: join(dir, 'checkpoint-key.pem'),
    publicKey: join(dir, 'checkpoint-key.pub.pem'),
  };
}

/**
 * Loads the checkpoint signing key, generating an EC P-256 key (private PEM 0600) when
 * none exists. An existing key that is neither P-256 nor RSA is refused, never replaced.
 *
 * @example
 * const key = await ensureCheckpointKey(checkpointKeyPaths(config.stateDir, config.network));
 */
export async function ensureCheckpointKey(
  paths: CheckpointKeyPaths,
): Promise<CheckpointSigningKey> {
  let pem: string;
  try {
    pem = await readFile(paths.privateKey, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await mkdir(dirname(paths.privateKey), { recursive: true, mode: 0o700 });
    // `wx`: a key another process wrote meanwhile wins, and is read below.
    await writeFile(paths.privateKey, pem, { mode: 0o600, flag: 'wx' }).catch((cause) => {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
    });
    await writeFile(paths.publicKey, publicKey.export({ type: 'spki', format: 'pem' }), {
      mode: 0o644,
    });
    pem = await readFile(paths.privateKey, 'utf8');
  }
  return signingKey(createPrivateKey(pem));
}

async function signingKey(privateKey: KeyObject): Promise<CheckpointSigningKey> {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    alg: checkpointAlgorithm(publicKey),
    kid: await calculateJwkThumbprint(await exportJWK(publicKey)),
  };
}

/** The JWS algorithm of a checkpoint key; anything but P-256 or RSA is refused. */
export function checkpointAlgorithm(publicKey: KeyObject): 'ES256' | 'RS256' {
  if (publicKey.asymmetricKeyType === 'rsa') return 'RS256';
  if (
    publicKey.asymmetricKeyType === 'ec' &&
    publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  ) {
    return 'ES256';
  }
  throw new TypeError('a checkpoint key must be EC P-256 or RSA');
}
