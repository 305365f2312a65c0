import type { ServerOptions } from 'node:https';
import type { Server } from 'node:tls';
import type { Clock } from '../../broker/identity/clock.ts';
import { guardConnections, type RefusalLog } from '../../broker/identity/connection-guard.ts';
import type { RevocationSource } from '../../broker/identity/revocation-source.ts';
import { mutualTlsServerOptions, type TlsMaterial } from '../../broker/identity/tls-material.ts';

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
