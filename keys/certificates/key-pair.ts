import { generateKeyPairSync } from 'node:crypto';

export interface KeyPairPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/**
 * A fresh RSA 2048 key pair, generated natively: node-forge can only sign certificates
 * with RSA keys, and its pure-JS key generation takes seconds.
 *
 * @example
 * const { privateKeyPem, publicKeyPem } = generateKeyPair();
 */
export function generateKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
