// A partner's signed decision about a covenant version: the partner client signs it, the
// broker verifies and keeps it, and anyone can verify it again from the broker's copy.
import { z } from 'zod';

/** The JWS `typ` of a covenant decision (explicit typing, RFC 8725 section 3.11). */
export const COVENANT_DECISION_TYPE = 'zvh-covenant-decision+jws';

export const COVENANT_DECISIONS = ['accept', 'reject', 'revoke'] as const;
export const covenantDecisionSchema = z.enum(COVENANT_DECISIONS);
export type CovenantDecision = z.infer<typeof covenantDecisionSchema>;

/** Algorithms a partner signs with: its partner certificate's key is RSA or EC P-256. */
export const COVENANT_DECISION_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

/** A compact JWS of a decision is a few kilobytes at most; anything longer is not one. */
export const MAX_COVENANT_DECISION_JWS_LENGTH = 16 * 1024;

/**
 * The signed payload. `version` is the covenant version's id (`sha256:<hex>` of its
 * canonical content), so the signature covers exactly that content; `network` keeps a
 * decision from being replayed in another network.
 */
export const covenantDecisionPayloadSchema = z.strictObject({
  network: z.string().min(1).max(64),
  version: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  decision: covenantDecisionSchema,
  signed_at: z.iso.datetime({ offset: false }),
});
export type CovenantDecisionPayload = z.infer<typeof covenantDecisionPayloadSchema>;
