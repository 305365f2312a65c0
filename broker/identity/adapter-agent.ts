import { X509Certificate } from 'node:crypto';
import type { ClientRequest } from 'node:http';
import { Agent, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { checkServerIdentity, type PeerCertificate, TLSSocket } from 'node:tls';
import {
  type CertificateIdentity,
  certificateIdentity,
} from '../../keys/certificates/certificate-identity.ts';
import type { Clock } from '../../keys/clock.ts';
import type { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import { TLS_PROTOCOL, type TlsMaterial } from '../../keys/tls/tls-material.ts';

/** The longest a kept-alive connection to an adapter waits idle; an adapter's hint lowers it. */
const IDLE_CONNECTION_MS = 30_000;

export interface AdapterAgentOptions {
  readonly revocations: RevocationSource;
  readonly clock: Clock;
}

/**
 * A handshake that takes longer is abandoned. The request waiting for it has its own
 * deadline; this one frees the socket of an adapter that never finishes.
 */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Why the broker may not send to the holder of this certificate as `organisation`'s
 * adapter: not an adapter certificate of the network, another organisation's, or revoked.
 * OpenSSL has checked chain and dates.
 */
function adapterRefusal(
  organisation: string,
  identity: CertificateIdentity | undefined,
  options: AdapterAgentOptions,
): Error | undefined {
  if (identity?.kind !== 'adapter') return new Error('the server is not a partner adapter');
  // Any adapter of the network could otherwise stand in for another partner's (a wrong
  // directory entry, a hijacked name) and receive a national identifier meant for it.
  if (identity.organisation !== organisation) {
    return new Error(`the adapter is of ${identity.organisation}, not of ${organisation}`);
  }
  const revoked = options.revocations.current().revokedAt(identity.serial, options.clock.now());
  if (revoked !== undefined) {
    return new Error(`the adapter certificate is revoked (${revoked.reason})`);
  }
  return undefined;
}

/** Parsed once per connection: the peer certificate cannot change within a TLS session. */
const identities = new WeakMap<Duplex, CertificateIdentity | undefined>();

function identityOf(socket: Duplex): CertificateIdentity | undefined {
  if (identities.has(socket)) return identities.get(socket);
  const certificate = socket instanceof TLSSocket ? socket.getPeerX509Certificate() : undefined;
  if (certificate === undefined) return undefined;
  const identity = certificateIdentity(certificate);
  identities.set(socket, identity);
  return identity;
}

/**
 * The broker's HTTPS agent for calls to one partner's adapter: it presents the broker's
 * client certificate and trusts only that organisation's adapter certificate of the
 * network CA, checked against the revocation list in force before anything is sent on a
 * socket. Node checks the server in `checkServerIdentity` only on a full handshake, and a
 * kept-alive socket never again. So this agent hands a new connection to its request only
 * once the certificate of that very socket passed, and checks a kept-alive socket again
 * each time a request takes it. `maxSockets` stays unbounded, so no request waits for a
 * socket another one frees: every reuse passes `reuseSocket`.
 *
 * It resumes no TLS session: a client that resumes one is shown no server certificate
 * (TLS 1.3 in OpenSSL), so there would be nothing to check. Connections are kept alive,
 * so the full handshake this costs is rare.
 *
 * @example
 * const agent = new AdapterAgent(await readTlsMaterial(keys.client), 'politie-cn',
 *   { revocations, clock });
 * https.request('https://adapter.politie-cn.example/v1/pull', { agent });
 */
export class AdapterAgent extends Agent {
  readonly #organisation: string;
  readonly #options: AdapterAgentOptions;

  constructor(material: TlsMaterial, organisation: string, options: AdapterAgentOptions) {
    super({
      ca: material.ca,
      cert: material.cert,
      key: material.key,
      ...TLS_PROTOCOL,
      keepAlive: true,
      // Node lowers an idle connection's lifetime to the server's `Keep-Alive: timeout`
      // hint (less a second) only when the agent has a timeout of its own. Without one,
      // an idle connection lives until the adapter closes it, and a request that takes it
      // at that moment fails: the provider would be reported unavailable.
      timeout: IDLE_CONNECTION_MS,
      maxCachedSessions: 0,
      checkServerIdentity: (host: string, certificate: PeerCertificate) =>
        checkServerIdentity(host, certificate) ??
        adapterRefusal(
          organisation,
          certificateIdentity(new X509Certificate(certificate.raw)),
          options,
        ),
    });
    this.#organisation = organisation;
    this.#options = options;
  }

  /** Why nothing may be sent on `socket` now, if anything. */
  refusal(socket: Duplex): Error | undefined {
    const identity = identityOf(socket);
    if (identity === undefined && socket instanceof TLSSocket && socket.isSessionReused()) {
      return new Error('a resumed TLS session shows no certificate to check');
    }
    return adapterRefusal(this.#organisation, identity, this.#options);
  }

  /** Whether one of its connections, busy or idle, holds a certificate refused now. */
  holdsRefusedSocket(): boolean {
    const pools = [...Object.values(this.sockets), ...Object.values(this.freeSockets)];
    return pools.some((sockets) =>
      (sockets ?? []).some((socket) => this.refusal(socket) !== undefined),
    );
  }

  override createConnection(
    options: RequestOptions,
    handOver?: (error: Error | null, socket: Duplex) => void,
  ): Duplex | null | undefined {
    if (handOver === undefined) {
      throw new TypeError('an adapter connection is handed over only once its peer is checked');
    }
    const socket = super.createConnection(options) as TLSSocket;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.off('error', settle);
      socket.off('close', closed);
      handOver(error, socket);
    };
    const closed = () => settle(new Error('the adapter closed the connection in the handshake'));
    const deadline = setTimeout(
      () => socket.destroy(new Error('the TLS handshake with the adapter timed out')),
      HANDSHAKE_TIMEOUT_MS,
    );
    socket.once('error', settle);
    socket.once('close', closed);
    socket.once('secureConnect', () => {
      const refusal = this.refusal(socket);
      // The error reaches `settle`, and through the agent the request: nothing was written.
      if (refusal !== undefined) socket.destroy(refusal);
      else settle(null);
    });
    return undefined;
  }

  override reuseSocket(socket: Duplex, request: ClientRequest): void {
    super.reuseSocket(socket, request);
    // The request takes the socket's error as its own before it writes anything.
    const refusal = this.refusal(socket);
    if (refusal !== undefined) socket.destroy(refusal);
  }
}

/** The agent to use for a call to one partner's adapter. */
export interface AdapterAgentPool {
  for(organisation: string): Agent;
  destroy(): void;
}

/**
 * The agents of every adapter the broker calls, made on first use. When the revocation
 * list changes, an agent holding a connection whose certificate it now refuses is closed
 * with all its connections and cached TLS sessions; the next call makes a new one.
 *
 * @example
 * const agents = new AdapterAgents(await readTlsMaterial(keys.client), { revocations, clock });
 * https.request(url, { agent: agents.for('politie-cn') });
 */
export class AdapterAgents implements AdapterAgentPool {
  readonly #material: TlsMaterial;
  readonly #options: AdapterAgentOptions;
  readonly #agents = new Map<string, AdapterAgent>();
  readonly #stopWatching: () => void;

  constructor(material: TlsMaterial, options: AdapterAgentOptions) {
    this.#material = material;
    this.#options = options;
    this.#stopWatching = options.revocations.subscribe(() => this.#closeRefused());
  }

  for(organisation: string): Agent {
    let agent = this.#agents.get(organisation);
    if (agent === undefined) {
      agent = new AdapterAgent(this.#material, organisation, this.#options);
      this.#agents.set(organisation, agent);
    }
    return agent;
  }

  destroy(): void {
    this.#stopWatching();
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }

  #closeRefused(): void {
    for (const [organisation, agent] of this.#agents) {
      if (!agent.holdsRefusedSocket()) continue;
      this.#agents.delete(organisation);
      agent.destroy();
    }
  }
}
