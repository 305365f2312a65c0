import { createMiddleware } from 'hono/factory';
import { ClientCertificateInvalidError } from '../../adapters/contract/coded-error.ts';
import type { UserAssertion } from '../../keys/assertion/user-assertion.ts';
import type { CertificateIdentity } from '../../keys/certificates/certificate-identity.ts';
import { personSubject } from '../../keys/certificates/person-subject.ts';
import { checkPeer } from '../../keys/tls/peer-check.ts';
import { ClientCertificateRequiredError } from '../errors/broker-error.ts';
import {
  type IdentityDependencies,
  type IdentityVariables,
  tlsSocketOf,
} from './identity-middleware.ts';

/**
 * Sets `partner` (the organisation) and `user` (the employee and the role) from the
 * verified personal certificate of the connection, and nothing else: the workspace has no
 * assertion, no password and no header that names anyone. A partner system's certificate
 * gets no workspace, as a personal certificate gets no /v1 (requirePartner). Revocation is
 * checked on every request, because a browser keeps its connection alive.
 *
 * The certificate stands in for the assertion, so that the pages reach the same rules
 * with the same variables as the API: `user.assertionId` names the certificate, and
 * `user.expiresAt` is its end.
 *
 * @example
 * workspace.use('*', requirePerson(deps.identity));
 */
export function requirePerson(deps: Pick<IdentityDependencies, 'revocations' | 'clock'>) {
  return createMiddleware<{ Variables: IdentityVariables }>(async (c, next) => {
    const socket = tlsSocketOf(c.env);
    if (socket === undefined) throw new ClientCertificateRequiredError('not a TLS connection');
    const check = checkPeer(socket, 'person', deps.revocations.current(), deps.clock.now());
    if (!check.accepted) {
      throw check.code === 'CLIENT_CERT_REQUIRED'
        ? new ClientCertificateRequiredError(check.reason)
        : new ClientCertificateInvalidError(check.reason);
    }
    const certificate = socket.getPeerX509Certificate();
    const person = certificate === undefined ? undefined : personSubject(certificate);
    if (person === undefined) {
      throw new ClientCertificateInvalidError('no employee and role in the personal certificate');
    }
    c.set('partner', check.identity);
    c.set('user', personAsUser(check.identity, person));
    await next();
  });
}

function personAsUser(
  identity: CertificateIdentity,
  person: NonNullable<ReturnType<typeof personSubject>>,
): UserAssertion {
  return Object.freeze({
    organisation: identity.organisation,
    userId: person.userId,
    displayName: person.displayName,
    role: person.role,
    assertionId: `certificate:${identity.serial}`,
    expiresAt: identity.notAfter,
  });
}
