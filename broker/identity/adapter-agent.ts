import { X509Certificate } from 'node:crypto';
import { Agent } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { certificateIdentity } from './certificate-identity.ts';
import type { Clock } from './clock.ts';
import type { RevocationSource } from './revocation-source.ts';
import type { TlsMaterial } from './tls-material.ts';

export interface AdapterAgentOptions {
  readonly revocations: RevocationSource;
  readonly clock: Clock;
}

/**
 * Refuses an adapter server whose certificate is for another host, is not an adapter
 * certificate of the network, or is revoked. OpenSSL has checked chain and dates.
 */
function checkAdapter(options: AdapterAgentOptions) {
  return (host: string, certificate: PeerCertificate): Error | undefined => {
    const mismatch = checkServerIdentity(host, certificate);
    if (mismatch !== undefined) return mismatch;
    const identity = certificateIdentity(new X509Certificate(certificate.raw));
    if (identity?.kind !== 'adapter') return new Error('the server is not a partner adapter');
    const revoked = options.revocations.current().revokedAt(identity.serial, options.clock());
    if (revoked !== undefined)
      return new Error(`the adapter certificate is revoked (${revoked.reason})`);
    return undefined;
  };
}

/**
 * The broker's HTTPS agent for calls to partner adapters: it presents the broker's client
 * certificate and trusts only adapter certificates of the network CA.
 *
 * @example
 * const agent = createAdapterAgent(await readTlsMaterial(keys.client), { revocations, clock });
 * https.request('https://adapter.politie-cn.example/cases', { agent });
 */
export function createAdapterAgent(material: TlsMaterial, options: AdapterAgentOptions): Agent {
  return new Agent({
    ca: material.ca,
    cert: material.cert,
    key: material.key,
    minVersion: 'TLSv1.2',
    keepAlive: true,
    checkServerIdentity: checkAdapter(options),
  });
}
