import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import {
  ASSERTION_ALGORITHMS,
  ASSERTION_TYPE,
  MAX_ASSERTION_LIFETIME_SECONDS,
  type UserAssertion,
} from '../../keys/assertion/user-assertion.ts';
import type { CertificateIdentity } from '../../keys/certificates/certificate-identity.ts';
import type { Clock } from '../../keys/clock.ts';
import { caseRoleSchema } from '../../policies/vocabulary/case-roles.ts';
import {
  AssertionAudienceError,
  AssertionBindingError,
  AssertionExpiredError,
  AssertionIssuerError,
  AssertionLifetimeError,
  AssertionMalformedError,
  AssertionReplayedError,
  AssertionSignatureError,
} from '../errors/broker-error.ts';
import type { ReplayCache } from './replay-cache.ts';

export interface AssertionVerifierOptions {
  /** This broker's identifier; an assertion must name it in `aud`. */
  readonly audience: string;
  readonly replayCache: ReplayCache;
  readonly clock: Clock;
  /** Allowed clock difference with partner systems; default 30 seconds. */
  readonly clockToleranceSeconds?: number;
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(256),
  name: z.string().min(1).max(256),
  zvh_role: caseRoleSchema,
  jti: z.string().min(16).max(128),
  iat: z.number().int(),
  exp: z.number().int(),
  cnf: z.object({ 'x5t#S256': z.string().min(1) }).optional(),
});

/**
 * Verifies a partner's user assertion against the certificate of the connection it came
 * on: signed by that certificate's key, issued by its organisation, bound to it by
 * `cnf.x5t#S256`, for this broker, short-lived, and never seen before.
 *
 * @example
 * const verifier = new AssertionVerifier({ audience, replayCache, clock: systemClock });
 * const user = await verifier.verify(request.headers.get('zvh-assertion'), peer);
 */
export class AssertionVerifier {
  readonly #options: Required<AssertionVerifierOptions>;

  constructor(options: AssertionVerifierOptions) {
    if (options.audience.length === 0) throw new TypeError('audience must not be empty');
    this.#options = Object.freeze({ clockToleranceSeconds: 30, ...options });
  }

  get audience(): string {
    return this.#options.audience;
  }

  async verify(token: string, peer: CertificateIdentity): Promise<UserAssertion> {
    const now = this.#options.clock.now();
    const tolerance = this.#options.clockToleranceSeconds;
    const payload = await this.#verifySignatureAndClaims(token, peer, now);
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AssertionMalformedError(`claim ${issue?.path.join('.')}: ${issue?.message}`);
    }
    const claims = parsed.data;
    if (claims.exp - claims.iat > MAX_ASSERTION_LIFETIME_SECONDS) {
      throw new AssertionLifetimeError(MAX_ASSERTION_LIFETIME_SECONDS);
    }
    if (claims.iat > now.getTime() / 1000 + tolerance) {
      throw new AssertionMalformedError('iat lies in the future');
    }
    if (claims.cnf?.['x5t#S256'] !== peer.thumbprint) throw new AssertionBindingError();
    const until = new Date((claims.exp + tolerance) * 1000);
    if (!(await this.#options.replayCache.claim(peer.organisation, claims.jti, until, now))) {
      throw new AssertionReplayedError();
    }
    return Object.freeze({
      organisation: peer.organisation,
      userId: claims.sub,
      displayName: claims.name,
      role: claims.zvh_role,
      assertionId: claims.jti,
      expiresAt: new Date(claims.exp * 1000),
    });
  }

  async #verifySignatureAndClaims(
    token: string,
    peer: CertificateIdentity,
    now: Date,
  ): Promise<unknown> {
    try {
      const { payload } = await jwtVerify(token, peer.publicKey, {
        algorithms: [...ASSERTION_ALGORITHMS],
        typ: ASSERTION_TYPE,
        audience: this.#options.audience,
        issuer: peer.organisation,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
        currentDate: now,
        clockTolerance: this.#options.clockToleranceSeconds,
      });
      return payload;
    } catch (error) {
      throw translate(error);
    }
  }
}

/** jose's findings as our codes; anything jose did not recognise as a token stays malformed. */
function translate(error: unknown): Error {
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AssertionSignatureError();
  if (error instanceof errors.JWTExpired) return new AssertionExpiredError();
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new AssertionAudienceError();
    if (error.claim === 'iss') return new AssertionIssuerError();
    return new AssertionMalformedError(`claim ${error.claim}: ${error.reason}`);
  }
  if (error instanceof errors.JOSEError) return new AssertionMalformedError(error.code);
  if (error instanceof TypeError) return new AssertionMalformedError(error.message);
  return error instanceof Error ? error : new Error(String(error));
}
