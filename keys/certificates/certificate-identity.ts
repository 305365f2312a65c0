import { createHash, type KeyObject, type X509Certificate } from 'node:crypto';
import { ORGANISATION_ID_PATTERN, type PeerKind } from './certificate-profile.ts';
import { normaliseSerial } from './serial-number.ts';

/** Who a verified certificate says its holder is. Read from the certificate only. */
export interface CertificateIdentity {
  readonly kind: PeerKind;
  /** The organisation id from the subject's serialNumber, as in the covenant data. */
  readonly organisation: string;
  readonly serial: string;
  readonly notAfter: Date;
  /** RFC 8705 `x5t#S256`: base64url SHA-256 of the certificate's DER. */
  readonly thumbprint: string;
  /** Imported once per certificate; verifies the holder's signed assertions. */
  readonly publicKey: KeyObject;
}

const PEER_KINDS: ReadonlySet<string> = new Set<PeerKind>([
  'partner',
  'adapter',
  'broker',
  'person',
]);

/**
 * The subject's attributes by short name. node:crypto prints one attribute per line and
 * escapes control characters, so a value cannot smuggle in another line.
 */
export function subjectAttributes(certificate: X509Certificate): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const line of certificate.subject.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const name = line.slice(0, at);
    attributes.set(name, [...(attributes.get(name) ?? []), line.slice(at + 1)]);
  }
  return attributes;
}

/** The attribute's value when the subject has it exactly once; undefined otherwise. */
export function single(attributes: Map<string, string[]>, name: string): string | undefined {
  const values = attributes.get(name);
  return values?.length === 1 ? values[0] : undefined;
}

/**
 * The identity in a certificate the TLS layer has already verified against the network
 * CA, or undefined when the subject does not have exactly one well-formed organisation id
 * and kind: such a certificate identifies nobody.
 *
 * @example
 * const identity = certificateIdentity(socket.getPeerX509Certificate());
 */
export function certificateIdentity(certificate: X509Certificate): CertificateIdentity | undefined {
  const attributes = subjectAttributes(certificate);
  const organisation = single(attributes, 'serialNumber');
  const kind = single(attributes, 'OU');
  if (organisation === undefined || !ORGANISATION_ID_PATTERN.test(organisation)) return undefined;
  if (kind === undefined || !PEER_KINDS.has(kind)) return undefined;
  return Object.freeze({
    kind: kind as PeerKind,
    organisation,
    serial: normaliseSerial(certificate.serialNumber),
    notAfter: new Date(certificate.validTo),
    thumbprint: certificateThumbprint(certificate),
    publicKey: certificate.publicKey,
  });
}

/** RFC 8705 section 3.1: the `x5t#S256` confirmation of a certificate. */
export function certificateThumbprint(certificate: X509Certificate): string {
  return createHash('sha256').update(certificate.raw).digest('base64url');
}
