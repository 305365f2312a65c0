import forge from 'node-forge';

export interface Pkcs12Contents {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** The network CA, so a browser that imports the file shows whose certificate it is. */
  readonly authorityPem: string;
  /** What the browser's certificate manager lists it as. */
  readonly friendlyName: string;
  readonly passphrase: string;
}

/** How long a passphrase from a file must be; a generated one is longer. */
export const MIN_PASSPHRASE_LENGTH = 12;
export const MAX_PASSPHRASE_LENGTH = 1024;

/**
 * A PKCS#12 file of a key and its certificate chain, to import into a browser. The key
 * and certificates are encrypted with AES-256 (PBES2), which Chromium, Firefox and
 * OpenSSL 3 read without a legacy provider, unlike the 3DES/RC2 of older exports.
 *
 * @example
 * const p12 = pkcs12Export({ certificatePem, privateKeyPem, authorityPem,
 *   friendlyName: 'Anna de Vries (zvh-bonaire)', passphrase });
 */
export function pkcs12Export(contents: Pkcs12Contents): Uint8Array {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(contents.privateKeyPem),
    [
      forge.pki.certificateFromPem(contents.certificatePem),
      forge.pki.certificateFromPem(contents.authorityPem),
    ],
    contents.passphrase,
    {
      algorithm: 'aes256',
      friendlyName: contents.friendlyName,
      generateLocalKeyId: true,
    },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
