import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { CompactSign } from 'jose';
import { certificateThumbprint } from '../../keys/certificates/certificate-identity.ts';
import {
  COVENANT_DECISION_TYPE,
  type CovenantDecision,
  type CovenantDecisionPayload,
} from '../contract/covenant-decision.ts';

export interface CovenantDecisionKey {
  /** The partner certificate (PEM) the broker sees on the connection the decision goes over. */
  readonly certificatePem: string;
  /** Its private key (PEM). */
  readonly privateKeyPem: string;
}

export interface CovenantDecisionStatement {
  readonly network: string;
  /** The version's id, `sha256:<hex>` of its canonical content. */
  readonly version: string;
  readonly decision: CovenantDecision;
  readonly signedAt?: Date;
}

/**
 * A partner's decision about a covenant version as a compact JWS, signed with its partner
 * certificate's key and naming that certificate (`x5t#S256`): the broker accepts it only
 * over a connection with the same certificate.
 *
 * @example
 * const jws = await signCovenantDecision({ certificatePem, privateKeyPem },
 *   { network: 'bonaire', version: 'sha256:…', decision: 'accept' });
 */
export function signCovenantDecision(
  key: CovenantDecisionKey,
  statement: CovenantDecisionStatement,
): Promise<string> {
  const certificate = new X509Certificate(key.certificatePem);
  const privateKey: KeyObject = createPrivateKey(key.privateKeyPem);
  const payload: CovenantDecisionPayload = {
    network: statement.network,
    version: statement.version,
    decision: statement.decision,
    signed_at: (statement.signedAt ?? new Date()).toISOString(),
  };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({
      alg: privateKey.asymmetricKeyType === 'ec' ? 'ES256' : 'PS256',
      typ: COVENANT_DECISION_TYPE,
      'x5t#S256': certificateThumbprint(certificate),
    })
    .sign(privateKey);
}
