import { createHmac } from 'node:crypto';
import { deriveKey, openText, sealText } from './aes-gcm-sealing.ts';
import type { IdentifierProtector } from './identifier-protector.ts';

/**
 * AES-256-GCM for the sealed copy, HMAC-SHA-256 for the pseudonym, both keys derived with
 * HKDF from one secret so that neither key can be computed from the other's output.
 *
 * @example
 * const protector = new AesGcmIdentifierProtector(secret);
 * const pseudonym = protector.pseudonymise('123456782');
 */
export class AesGcmIdentifierProtector implements IdentifierProtector {
  readonly #encryptionKey: Buffer;
  readonly #pseudonymKey: Buffer;

  constructor(secret: Uint8Array) {
    if (secret.byteLength < 32) throw new TypeError('identifier secret needs at least 32 bytes');
    this.#encryptionKey = deriveKey(secret, 'zvh-broker national-id encryption v1');
    this.#pseudonymKey = deriveKey(secret, 'zvh-broker national-id pseudonym v1');
  }

  pseudonymise(nationalId: string): string {
    return createHmac('sha256', this.#pseudonymKey).update(nationalId, 'utf8').digest('base64url');
  }

  seal(nationalId: string, context: string): string {
    return sealText(this.#encryptionKey, nationalId, context);
  }

  open(sealed: string, context: string): string {
    return openText(this.#encryptionKey, sealed, context);
  }
}
