import { randomBytes } from 'node:crypto';

/**
 * A random 128-bit certificate serial as uppercase hex, the form node:crypto reports.
 * The top bit is cleared (DER integers are signed) and the next one set, so the hex has
 * no leading zero that one tool would strip and another keep.
 */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex').toUpperCase();
}

/** Serial numbers compared across tools: uppercase, no leading zeros. */
export function normaliseSerial(serial: string): string {
  return serial.toUpperCase().replace(/^0+(?=.)/, '');
}
