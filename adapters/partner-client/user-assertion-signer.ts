import { createPrivateKey, type KeyObject, randomUUID, X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  ASSERTION_TYPE,
  MAX_ASSERTION_LIFETIME_SECONDS,
} from '../../keys/assertion/user-assertion.ts';
import {
  certificateIdentity,
  certificateThumbprint,
} from '../../keys/certificates/certificate-identity.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';

/** The employee on whose behalf a partner system calls the broker. */
export interface ActingUser {
  readonly id: string;
  readonly name: string;
  readonly role: CaseRole;
}

export interface SignerOptions {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** The broker's identifier, its `BROKER_AUDIENCE`. */
  readonly audience: string;
  /** Seconds an assertion lives; at most 300, default 60. */
  readonly lifetimeSeconds?: number;
}

/**
 * Signs user assertions with the partner's certificate key: `iss` is the certificate's
 * organisation and `cnf.x5t#S256` binds the token to that certificate (RFC 8705), so a
 * token is worthless on any other connection.
 *
 * @example
 * const signer = UserAssertionSigner.create({ certificatePem, privateKeyPem, audience });
 * const jwt = await signer.sign({ id: 'u123', name: 'A. Martis', role: 'case_director' });
 */
export class UserAssertionSigner {
  readonly organisation: string;
  readonly #key: KeyObject;
  readonly #thumbprint: string;
  readonly #audience: string;
  readonly #lifetime: number;
  readonly #algorithm: 'PS256' | 'ES256';

  private constructor(options: SignerOptions, certificate: X509Certificate) {
    const identity = certificateIdentity(certificate);
    if (identity === undefined) throw new TypeError('certificate names no organisation');
    const lifetime = options.lifetimeSeconds ?? 60;
    if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_ASSERTION_LIFETIME_SECONDS) {
      throw new TypeError(`lifetimeSeconds must be 1..${MAX_ASSERTION_LIFETIME_SECONDS}`);
    }
    this.organisation = identity.organisation;
    this.#key = createPrivateKey(options.privateKeyPem);
    this.#algorithm = this.#key.asymmetricKeyType === 'ec' ? 'ES256' : 'PS256';
    this.#thumbprint = certificateThumbprint(certificate);
    this.#audience = options.audience;
    this.#lifetime = lifetime;
  }

  static create(options: SignerOptions): UserAssertionSigner {
    return new UserAssertionSigner(options, new X509Certificate(options.certificatePem));
  }

  /** A fresh assertion with a new `jti`: the broker accepts each one once. */
  sign(user: ActingUser, now: Date = new Date()): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({
      name: user.name,
      zvh_role: user.role,
      cnf: { 'x5t#S256': this.#thumbprint },
    })
      .setProtectedHeader({ alg: this.#algorithm, typ: ASSERTION_TYPE })
      .setIssuer(this.organisation)
      .setSubject(user.id)
      .setAudience(this.#audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.#lifetime)
      .setJti(randomUUID())
      .sign(this.#key);
  }
}
