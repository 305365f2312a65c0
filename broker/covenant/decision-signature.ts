import type { X509Certificate } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, errors } from 'jose';
import {
  COVENANT_DECISION_TYPE,
  type CovenantDecision,
  covenantDecisionPayloadSchema,
} from '../../adapters/contract/covenant-decision.ts';
import {
  certificateIdentity,
  certificateThumbprint,
} from '../../keys/certificates/certificate-identity.ts';
import { CovenantSignatureInvalidError } from './covenant-errors.ts';

/** How far `signed_at` may lie from the broker's clock: a decision is signed to be sent. */
export const DECISION_CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * The partner certificate of the mutual-TLS connection the decision came on: verified by
 * the TLS handshake against the network CA, and not revoked (identity middleware). The
 * deciding organisation is the one it names.
 */
export type DecisionSigner = X509Certificate;

const brand: unique symbol = Symbol('verified covenant decision');

/** A decision whose signature verified; only verifyCovenantDecision makes one. */
export interface VerifiedCovenantDecision {
  readonly [brand]: true;
  readonly network: string;
  readonly organisation: string;
  readonly version: string;
  readonly decision: CovenantDecision;
  readonly signedAt: Date;
  readonly jws: string;
  readonly certificatePem: string;
}

/**
 * Verifies a partner's signed decision against the certificate of the connection it came
 * on: the header names that certificate (`x5t#S256`) and an algorithm of its key's type,
 * the signature verifies with its key (node:crypto, through jose), the payload is a
 * decision for this network, and it was signed within minutes of `now`. Whatever fails
 * is COVENANT_SIGNATURE_INVALID with the reason.
 *
 * @example
 * const decision = await verifyCovenantDecision(body.jws, peerCertificate, 'bonaire', clock.now());
 */
export async function verifyCovenantDecision(
  jws: string,
  signer: DecisionSigner,
  network: string,
  now: Date,
): Promise<VerifiedCovenantDecision> {
  const identity = certificateIdentity(signer);
  if (identity?.kind !== 'partner') {
    throw new CovenantSignatureInvalidError('not signed with a partner certificate');
  }
  const algorithms = algorithmsFor(signer);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new CovenantSignatureInvalidError('not a compact JWS');
  }
  if (header.typ !== COVENANT_DECISION_TYPE) {
    throw new CovenantSignatureInvalidError(`typ must be ${COVENANT_DECISION_TYPE}`);
  }
  if (header['x5t#S256'] !== certificateThumbprint(signer)) {
    throw new CovenantSignatureInvalidError(
      'x5t#S256 does not name the partner certificate of this connection',
    );
  }
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(jws, signer.publicKey, {
      algorithms,
    }));
  } catch (error) {
    if (error instanceof errors.JOSEAlgNotAllowed) {
      throw new CovenantSignatureInvalidError(`alg must be one of ${algorithms.join(', ')}`);
    }
    throw new CovenantSignatureInvalidError('the signature does not verify');
  }
  const payload = covenantDecisionPayloadSchema.safeParse(parseJson(payloadBytes));
  if (!payload.success) {
    const issue = payload.error.issues[0];
    throw new CovenantSignatureInvalidError(`payload ${issue?.path.join('.')}: ${issue?.message}`);
  }
  if (payload.data.network !== network) {
    throw new CovenantSignatureInvalidError(`signed for network ${payload.data.network}`);
  }
  const signedAt = new Date(payload.data.signed_at);
  if (Math.abs(signedAt.getTime() - now.getTime()) > DECISION_CLOCK_TOLERANCE_MS) {
    throw new CovenantSignatureInvalidError(
      `signed_at lies more than ${DECISION_CLOCK_TOLERANCE_MS / 60_000} minutes from the broker's clock`,
    );
  }
  return Object.freeze({
    [brand]: true as const,
    network,
    organisation: identity.organisation,
    version: payload.data.version,
    decision: payload.data.decision,
    signedAt,
    jws,
    certificatePem: signer.toString(),
  });
}

/** RSA keys sign RS256 or PS256, P-256 keys ES256; no other key is a partner's. */
function algorithmsFor(certificate: X509Certificate): string[] {
  const key = certificate.publicKey;
  if (key.asymmetricKeyType === 'rsa') return ['RS256', 'PS256'];
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return ['ES256'];
  }
  throw new CovenantSignatureInvalidError('the certificate key is neither RSA nor EC P-256');
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
