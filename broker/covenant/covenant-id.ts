import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** `sha256:<hex>`: how a covenant version is named everywhere, in signatures too. */
export const COVENANT_VERSION_ID_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * The canonical JSON of covenant content (RFC 8785): the same content has the same bytes
 * whoever serialised it, so a partner can hash what it read and sign that.
 */
export function canonicalCovenant(content: unknown): string {
  const canonical = canonicalize(content);
  if (canonical === undefined) throw new TypeError('covenant content is not JSON');
  return canonical;
}

/**
 * The id of a covenant version: the SHA-256 of its content's canonical JSON.
 *
 * @example
 * covenantVersionId(data.zvh.covenants.bonaire); // 'sha256:9f2c…'
 */
export function covenantVersionId(content: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalCovenant(content)).digest('hex')}`;
}
