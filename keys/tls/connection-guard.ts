import type { TLSSocket, Server as TlsServer } from 'node:tls';
import type { PeerKind } from '../certificates/certificate-profile.ts';
import type { Clock } from '../clock.ts';
import type { RevocationSource } from '../revocation/revocation-source.ts';
import { checkPeer, type PeerCheck } from './peer-check.ts';

/** The slice of a logger the guard writes refusals to. */
export interface RefusalLog {
  warn(fields: object, message: string): void;
}

export interface ConnectionGuardOptions {
  /** The kinds of certificate this listener serves; each route checks its own again. */
  readonly accept: PeerKind | readonly PeerKind[];
  readonly revocations: RevocationSource;
  readonly clock: Clock;
  readonly log: RefusalLog;
}

/**
 * Closes every connection whose verified peer is revoked or of the wrong kind right after
 * the handshake, before a byte of HTTP is read, and logs handshake refusals. OpenSSL has
 * already refused missing, foreign and expired certificates. A connection it let in is
 * closed as soon as a new revocation list refuses its certificate, even while kept alive
 * and idle: the per-request checks would refuse it anyway, this frees it at once.
 *
 * @example
 * const server = https.createServer(mutualTlsServerOptions(material));
 * guardConnections(server, { accept: 'partner', revocations, clock: systemClock, log: logger });
 */
export function guardConnections(server: TlsServer, options: ConnectionGuardOptions): void {
  const open = new Set<TLSSocket>();
  // Prepended so it runs before the HTTP server's own listener starts reading requests.
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const check = checkPeer(
      socket,
      options.accept,
      options.revocations.current(),
      options.clock.now(),
    );
    if (check.accepted) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      return;
    }
    refuse(socket, check, 'tls connection refused', options.log);
  });
  const stopWatching = options.revocations.subscribe((list) => {
    const now = options.clock.now();
    for (const socket of open) {
      const check = checkPeer(socket, options.accept, list, now);
      if (!check.accepted) refuse(socket, check, 'tls connection closed: revoked', options.log);
    }
  });
  server.once('close', stopWatching);
  server.on('tlsClientError', (error: Error & { code?: string }, socket: TLSSocket) => {
    options.log.warn(
      {
        code: 'TLS_HANDSHAKE_REFUSED',
        // Node destroys an unverified peer itself; the verification result says why.
        reason: socket.authorizationError ?? error.code ?? error.message,
        remoteAddress: socket.remoteAddress,
      },
      'tls handshake refused',
    );
  });
}

function refuse(
  socket: TLSSocket,
  check: Extract<PeerCheck, { accepted: false }>,
  message: string,
  log: RefusalLog,
): void {
  log.warn(
    { code: check.code, reason: check.reason, remoteAddress: socket.remoteAddress },
    message,
  );
  socket.destroy();
}
