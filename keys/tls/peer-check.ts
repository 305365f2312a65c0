import type { TLSSocket } from 'node:tls';
import {
  type CertificateIdentity,
  certificateIdentity,
} from '../certificates/certificate-identity.ts';
import type { PeerKind } from '../certificates/certificate-profile.ts';
import type { RevocationList } from '../revocation/revocation-list.ts';

export type PeerRefusal = 'CLIENT_CERT_REQUIRED' | 'CLIENT_CERT_INVALID';

export type PeerCheck =
  | { readonly accepted: true; readonly identity: CertificateIdentity }
  | { readonly accepted: false; readonly code: PeerRefusal; readonly reason: string };

/** Parsed once per connection: the peer certificate cannot change within a TLS session. */
const identities = new WeakMap<TLSSocket, CertificateIdentity | null>();

function identityOf(socket: TLSSocket): CertificateIdentity | null {
  const cached = identities.get(socket);
  if (cached !== undefined) return cached;
  const certificate = socket.getPeerX509Certificate();
  const identity = certificate === undefined ? null : (certificateIdentity(certificate) ?? null);
  identities.set(socket, identity);
  return identity;
}

/**
 * Whether the peer on this TLS socket may go on: its certificate chains to the network CA
 * and is in date (OpenSSL checked that in the handshake), names an organisation, is of
 * the kind (or one of the kinds) this endpoint serves, and is not revoked at `now`.
 *
 * @example
 * const check = checkPeer(socket, 'partner', revocations.current(), new Date());
 * if (!check.accepted) socket.destroy();
 */
export function checkPeer(
  socket: TLSSocket,
  kind: PeerKind | readonly PeerKind[],
  revocations: RevocationList,
  now: Date,
): PeerCheck {
  if (!socket.authorized) {
    const error = socket.authorizationError;
    const missing = socket.getPeerX509Certificate() === undefined;
    return {
      accepted: false,
      code: missing ? 'CLIENT_CERT_REQUIRED' : 'CLIENT_CERT_INVALID',
      reason: missing ? 'no client certificate' : `not verified: ${String(error)}`,
    };
  }
  const identity = identityOf(socket);
  if (identity === null) {
    return { accepted: false, code: 'CLIENT_CERT_INVALID', reason: 'no organisation in subject' };
  }
  const kinds: readonly PeerKind[] = typeof kind === 'string' ? [kind] : kind;
  if (!kinds.includes(identity.kind)) {
    return {
      accepted: false,
      code: 'CLIENT_CERT_INVALID',
      reason: `a ${identity.kind} certificate where a ${kinds.join(' or ')} is expected`,
    };
  }
  const revoked = revocations.revokedAt(identity.serial, now);
  if (revoked !== undefined) {
    return {
      accepted: false,
      code: 'CLIENT_CERT_INVALID',
      reason: `revoked (${revoked.reason}) since ${revoked.effectiveAt}`,
    };
  }
  return { accepted: true, identity };
}
