import type { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { createMiddleware } from 'hono/factory';
import { ClientCertificateInvalidError } from '../../adapters/contract/coded-error.ts';
import { ASSERTION_HEADER, type UserAssertion } from '../../keys/assertion/user-assertion.ts';
import type { CertificateIdentity } from '../../keys/certificates/certificate-identity.ts';
import type { Clock } from '../../keys/clock.ts';
import type { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import { checkPeer } from '../../keys/tls/peer-check.ts';
import { AssertionMissingError, ClientCertificateRequiredError } from '../errors/broker-error.ts';
import type { AssertionVerifier } from './assertion-verifier.ts';

export type PartnerVariables = { partner: CertificateIdentity };
export type IdentityVariables = PartnerVariables & { user: UserAssertion };

/** What the identity middleware needs; createApp receives it from main.ts or a test. */
export interface IdentityDependencies {
  readonly revocations: RevocationSource;
  readonly assertions: AssertionVerifier;
  readonly clock: Clock;
}

/**
 * The TLS socket under a request served by @hono/node-server. `app.request()` in a unit
 * test has none, and is refused like a connection without a certificate.
 */
export function tlsSocketOf(env: unknown): TLSSocket | undefined {
  const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket instanceof TLSSocket ? incoming.socket : undefined;
}

/**
 * Sets `partner` from the verified client certificate of the connection, and nothing
 * else: no header can name the partner. Re-checks revocation on every request, because a
 * kept-alive connection may outlive a revocation.
 *
 * @example
 * app.use('/v1/*', requirePartner(deps.identity));
 */
export function requirePartner(deps: Pick<IdentityDependencies, 'revocations' | 'clock'>) {
  return createMiddleware<{ Variables: PartnerVariables }>(async (c, next) => {
    const socket = tlsSocketOf(c.env);
    if (socket === undefined) throw new ClientCertificateRequiredError('not a TLS connection');
    const check = checkPeer(socket, 'partner', deps.revocations.current(), deps.clock.now());
    if (!check.accepted) {
      throw check.code === 'CLIENT_CERT_REQUIRED'
        ? new ClientCertificateRequiredError(check.reason)
        : new ClientCertificateInvalidError(check.reason);
    }
    c.set('partner', check.identity);
    await next();
  });
}

/**
 * The partner certificate of the request's connection, as `requirePartner` accepted it:
 * what a partner signs covenant decisions with must be this very certificate.
 */
export function connectionCertificate(env: unknown): X509Certificate | undefined {
  return tlsSocketOf(env)?.getPeerX509Certificate();
}

/**
 * Sets `user` from the `ZVH-Assertion` header, verified against `partner`; mount it after
 * `requirePartner`.
 *
 * @example
 * app.use('/v1/*', requirePartner(identity), requireUser(identity.assertions));
 */
export function requireUser(assertions: AssertionVerifier) {
  return createMiddleware<{ Variables: IdentityVariables }>(async (c, next) => {
    const token = c.req.header(ASSERTION_HEADER);
    if (token === undefined || token.length === 0) throw new AssertionMissingError();
    c.set('user', await assertions.verify(token.trim(), c.get('partner')));
    await next();
  });
}
