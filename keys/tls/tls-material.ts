import { readFile } from 'node:fs/promises';
import type { SecureContextOptions } from 'node:tls';
import type { LeafKind } from '../certificates/certificate-profile.ts';
import type { NetworkLayout } from '../certificates/network-layout.ts';

export interface TlsMaterialPaths {
  /** The network CA (or a bundle of CAs during a CA rotation). */
  readonly ca: string;
  readonly certificate: string;
  readonly privateKey: string;
}

/** Where a network's key tool keeps one endpoint's certificate and key, with the network CA. */
export function leafTlsPaths(
  layout: NetworkLayout,
  kind: LeafKind,
  organisation: string,
): TlsMaterialPaths {
  const leaf = layout.leaf(kind, organisation);
  return {
    ca: layout.authority.certificate,
    certificate: leaf.certificate,
    privateKey: leaf.privateKey,
  };
}

export interface TlsMaterial {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** Reads one endpoint's CA, certificate and key; node:tls takes them as PEM. */
export async function readTlsMaterial(paths: TlsMaterialPaths): Promise<TlsMaterial> {
  const [ca, cert, key] = await Promise.all([
    readFile(paths.ca, 'utf8'),
    readFile(paths.certificate, 'utf8'),
    readFile(paths.privateKey, 'utf8'),
  ]);
  return Object.freeze({ ca, cert, key });
}

/**
 * TLS 1.3 first; TLS 1.2 only with an ephemeral (ECDHE) key exchange and an AEAD cipher,
 * so that every session has forward secrecy and authenticated encryption. The same for
 * every endpoint of the network: the broker, the adapters and the partners' clients.
 */
export const TLS_PROTOCOL = Object.freeze({
  minVersion: 'TLSv1.2',
  ciphers: [
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'TLS_AES_128_GCM_SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
  ].join(':'),
  honorCipherOrder: true,
} as const satisfies SecureContextOptions);

/**
 * Server options for mutual TLS inside the network: only the network CA is trusted, a
 * client certificate is required, and OpenSSL refuses a missing, foreign or expired one
 * in the handshake; only the protocols and ciphers of `TLS_PROTOCOL`.
 *
 * @example
 * https.createServer(mutualTlsServerOptions(await readTlsMaterial(paths)), handler);
 */
export function mutualTlsServerOptions(material: TlsMaterial): SecureContextOptions & {
  requestCert: true;
  rejectUnauthorized: true;
} {
  return {
    ca: material.ca,
    cert: material.cert,
    key: material.key,
    ...TLS_PROTOCOL,
    requestCert: true,
    rejectUnauthorized: true,
  };
}
