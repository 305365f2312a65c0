import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/**
 * The SHA-256 (hex) of a released payload in canonical JSON: proves later what left the
 * broker without keeping it.
 *
 * @example
 * await trail.append({ ...entry, payloadSha256: payloadDigest(released) });
 */
export function payloadDigest(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}
