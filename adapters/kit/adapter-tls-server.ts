import type { ServerOptions } from 'node:https';
import type { Server } from 'node:tls';
import type { Clock } from '../../keys/clock.ts';
import type { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import { guardConnections, type RefusalLog } from '../../keys/tls/connection-guard.ts';
import { mutualTlsServerOptions, type TlsMaterial } from '../../keys/tls/tls-material.ts';

/**
 * TLS options for a partner adapter's HTTPS server: its adapter certificate, the network
 * CA as the only trust anchor, and a client certificate required in the handshake.
 * Pair it with `acceptOnlyBroker` on the server.
 *
 * @example
 * const server = https.createServer(adapterServerOptions(material), handler);
 * acceptOnlyBroker(server, { revocations, clock: systemClock, log: console });
 */
export function adapterServerOptions(material: TlsMaterial): ServerOptions {
  return mutualTlsServerOptions(material);
}

export interface AcceptOnlyBrokerOptions {
  readonly revocations: RevocationSource;
  readonly clock: Clock;
  readonly log: RefusalLog;
}

/** Closes every connection from anything but the broker, or from a revoked broker key. */
export function acceptOnlyBroker(server: Server, options: AcceptOnlyBrokerOptions): void {
  guardConnections(server, { accept: 'broker', ...options });
}
