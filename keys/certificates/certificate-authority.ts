import { isIP } from 'node:net';
import forge from 'node-forge';
import { isServerKind, type LeafKind, PEER_KIND_OF } from './certificate-profile.ts';
import { randomSerial } from './serial-number.ts';

/** RFC 4519 `uid`; node-forge has no short name for it. */
const USER_ID_OID = '0.9.2342.19200300.100.1.1';

/** @types/node-forge types `valueTagClass` as a class where forge takes a tag type. */
const UTF8_STRING = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

/** The network CA as the tool signs with it: its certificate and private key in PEM. */
export interface SigningAuthority {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface ValidityPeriod {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface AuthorityRequest extends ValidityPeriod {
  readonly network: string;
  readonly publicKeyPem: string;
  readonly privateKeyPem: string;
}

export interface LeafRequest extends ValidityPeriod {
  readonly kind: LeafKind;
  /** Goes into the subject's serialNumber: the Dutch slot for an organisation identifier. */
  readonly organisation: string;
  readonly commonName: string;
  readonly organisationName?: string;
  /** DNS names and IP addresses a server certificate is valid for. */
  readonly hosts?: readonly string[];
  /** A personal certificate's employee and role (person-subject.ts); the name is the CN. */
  readonly person?: { readonly userId: string; readonly role: string };
  readonly publicKeyPem: string;
}

export interface IssuedCertificate {
  readonly certificatePem: string;
  readonly serial: string;
}

/**
 * A self-signed certificate authority for one ZVH network.
 *
 * @example
 * const keys = generateKeyPair();
 * const ca = createAuthority({ network: 'bonaire', ...keys, notBefore, notAfter });
 */
export function createAuthority(request: AuthorityRequest): IssuedCertificate {
  const cert = forge.pki.createCertificate();
  const serial = randomSerial();
  cert.serialNumber = serial;
  cert.publicKey = forge.pki.publicKeyFromPem(request.publicKeyPem);
  cert.validity.notBefore = request.notBefore;
  cert.validity.notAfter = request.notAfter;
  const name = [
    { shortName: 'CN', value: `ZVH ${request.network} network CA` },
    { shortName: 'O', value: `ZVH ${request.network}` },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(request.privateKeyPem), forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), serial };
}

/**
 * A leaf certificate signed by the network CA. The subject carries the organisation id in
 * serialNumber and the kind in organizationalUnitName; server kinds get subjectAltNames, a
 * personal certificate the employee's id (UID) and role (title).
 *
 * @example
 * const { certificatePem, serial } = issueLeaf(ca, {
 *   kind: 'partner', organisation: 'politie-cn', commonName: 'politie-cn',
 *   publicKeyPem, notBefore, notAfter,
 * });
 */
export function issueLeaf(authority: SigningAuthority, request: LeafRequest): IssuedCertificate {
  const caCert = forge.pki.certificateFromPem(authority.certificatePem);
  const cert = forge.pki.createCertificate();
  const serial = randomSerial();
  cert.serialNumber = serial;
  cert.publicKey = forge.pki.publicKeyFromPem(request.publicKeyPem);
  cert.validity.notBefore = request.notBefore;
  cert.validity.notAfter = request.notAfter;
  cert.setSubject([
    // A person's name may be Anaïs or Jiménez: UTF8String, as RFC 5280 asks of new names.
    request.person === undefined
      ? { shortName: 'CN', value: request.commonName }
      : { shortName: 'CN', value: request.commonName, valueTagClass: UTF8_STRING },
    { shortName: 'O', value: request.organisationName ?? request.organisation },
    { shortName: 'OU', value: PEER_KIND_OF[request.kind] },
    { name: 'serialNumber', value: request.organisation },
    ...(request.person === undefined
      ? []
      : [
          { type: USER_ID_OID, value: request.person.userId },
          { name: 'title', value: request.person.role },
        ]),
  ]);
  cert.setIssuer(caCert.subject.attributes);
  const server = isServerKind(request.kind);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: server, clientAuth: !server },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
    },
  ];
  const hosts = request.hosts ?? [];
  if (hosts.length > 0) {
    extensions.push({
      name: 'subjectAltName',
      altNames: hosts.map((host) =>
        isIP(host) ? { type: 7, ip: host } : { type: 2, value: host },
      ),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(authority.privateKeyPem), forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), serial };
}
