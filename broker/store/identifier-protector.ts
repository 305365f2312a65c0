/**
 * What the store needs to keep a national identifier (BSN, or the islands' civil registry
 * number) out of every table: a keyed pseudonym for lookups, and a sealed copy it can
 * open again to pass the identifier on to a partner's adapter.
 */
export interface IdentifierProtector {
  /** Deterministic under one key, so equal identifiers find each other. */
  pseudonymise(nationalId: string): string;
  /** `context` binds the sealed value to one record; it opens only with the same context. */
  seal(nationalId: string, context: string): string;
  open(sealed: string, context: string): string;
}
