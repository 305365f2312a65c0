import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { createMiddleware } from 'hono/factory';
import type { Clock } from '../../keys/clock.ts';
import type { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import { checkPeer } from '../../keys/tls/peer-check.ts';
import { ClientCertificateInvalidError } from '../contract/coded-error.ts';

function tlsSocketOf(env: unknown): TLSSocket | undefined {
  const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket instanceof TLSSocket ? incoming.socket : undefined;
}

/**
 * Re-checks the broker's certificate on every request. The connection guard has checked
 * it at the handshake, but the broker keeps connections alive, and one may outlive a
 * revocation of the broker's key.
 */
export function requireBroker(revocations: RevocationSource, clock: Clock) {
  return createMiddleware(async (c, next) => {
    const socket = tlsSocketOf(c.env);
    if (socket === undefined) throw new ClientCertificateInvalidError('not a TLS connection');
    const check = checkPeer(socket, 'broker', revocations.current(), clock.now());
    if (!check.accepted) throw new ClientCertificateInvalidError(check.reason);
    await next();
  });
}
