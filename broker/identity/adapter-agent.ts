import { X509Certificate } from 'node:crypto';
import { Agent } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { certificateIdentity } from '../../keys/certificates/certificate-identity.ts';
import type { Clock } from '../../keys/clock.ts';
import type { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import { TLS_PROTOCOL, type TlsMaterial } from '../../keys/tls/tls-material.ts';

export interface AdapterAgentOptions {
  readonly revocations: RevocationSource;
  readonly clock: Clock;
}

/**
 * Refuses an adapter server whose certificate is for another host, is not an adapter
 * certificate of the network, belongs to another organisation than the one called, or is
 * revoked. OpenSSL has checked chain and dates.
 */
function checkAdapter(organisation: string, options: AdapterAgentOptions) {
  return (host: string, certificate: PeerCertificate): Error | undefined => {
    const mismatch = checkServerIdentity(host, certificate);
    if (mismatch !== undefined) return mismatch;
    const identity = certificateIdentity(new X509Certificate(certificate.raw));
    if (identity?.kind !== 'adapter') return new Error('the server is not a partner adapter');
    // Any adapter of the network could otherwise stand in for another partner's (a wrong
    // directory entry, a hijacked name) and receive a national identifier meant for it.
    if (identity.organisation !== organisation) {
      return new Error(`the adapter is of ${identity.organisation}, not of ${organisation}`);
    }
    const revoked = options.revocations.current().revokedAt(identity.serial, options.clock.now());
    if (revoked !== undefined)
      return new Error(`the adapter certificate is revoked (${revoked.reason})`);
    return undefined;
  };
}

/**
 * The broker's HTTPS agent for calls to one partner's adapter: it presents the broker's
 * client certificate and trusts only that organisation's adapter certificate of the
 * network CA. One agent per organisation, so a kept-alive connection checked for one
 * partner is never reused for another.
 *
 * @example
 * const agent = createAdapterAgent(await readTlsMaterial(keys.client), 'politie-cn',
 *   { revocations, clock });
 * https.request('https://adapter.politie-cn.example/v1/pull', { agent });
 */
export function createAdapterAgent(
  material: TlsMaterial,
  organisation: string,
  options: AdapterAgentOptions,
): Agent {
  return new Agent({
    ca: material.ca,
    cert: material.cert,
    key: material.key,
    ...TLS_PROTOCOL,
    keepAlive: true,
    checkServerIdentity: checkAdapter(organisation, options),
  });
}

/** The agent to use for a call to one partner's adapter. */
export interface AdapterAgentPool {
  for(organisation: string): Agent;
  destroy(): void;
}

/**
 * The agents of every adapter the broker calls, made on first use.
 *
 * @example
 * const agents = new AdapterAgents(await readTlsMaterial(keys.client), { revocations, clock });
 * https.request(url, { agent: agents.for('politie-cn') });
 */
export class AdapterAgents implements AdapterAgentPool {
  readonly #material: TlsMaterial;
  readonly #options: AdapterAgentOptions;
  readonly #agents = new Map<string, Agent>();

  constructor(material: TlsMaterial, options: AdapterAgentOptions) {
    this.#material = material;
    this.#options = options;
  }

  for(organisation: string): Agent {
    let agent = this.#agents.get(organisation);
    if (agent === undefined) {
      agent = createAdapterAgent(this.#material, organisation, this.#options);
      this.#agents.set(organisation, agent);
    }
    return agent;
  }

  destroy(): void {
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }
}
