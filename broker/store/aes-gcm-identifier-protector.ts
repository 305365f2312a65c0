import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { IdentifierProtector } from './identifier-protector.ts';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

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
    this.#encryptionKey = derive(secret, 'zvh-broker national-id encryption v1');
    this.#pseudonymKey = derive(secret, 'zvh-broker national-id pseudonym v1');
  }

  pseudonymise(nationalId: string): string {
    return createHmac('sha256', this.#pseudonymKey).update(nationalId, 'utf8').digest('base64url');
  }

  seal(nationalId: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#encryptionKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(nationalId, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string, context: string): string {
    const [version, payload] = sealed.split('.');
    if (version !== VERSION || payload === undefined) throw new Error('unknown sealed format');
    const bytes = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.#encryptionKey,
      bytes.subarray(0, IV_BYTES),
    );
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    // A failed tag check throws without saying why, on purpose.
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}

function derive(secret: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));
}
