import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';

/** The `typ` header of a ZVH user assertion (explicit typing, RFC 8725 section 3.11). */
export const ASSERTION_TYPE = 'zvh-assertion+jwt';

/** The HTTP header that carries the assertion. */
export const ASSERTION_HEADER = 'ZVH-Assertion';

/** Algorithms a partner may sign with: its certificate's key is RSA or EC P-256. */
export const ASSERTION_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

/** Which employee of the partner acts, as verified from the assertion. */
export interface UserAssertion {
  /** The partner organisation: the assertion's `iss`, equal to the certificate's. */
  readonly organisation: string;
  readonly userId: string;
  readonly displayName: string;
  readonly role: CaseRole;
  readonly assertionId: string;
  readonly expiresAt: Date;
}
