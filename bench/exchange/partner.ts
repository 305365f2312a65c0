import { PartnerClient } from '../../adapters/partner-client/partner-client.ts';
import type { ActingUser } from '../../adapters/partner-client/user-assertion-signer.ts';
import { MAX_ASSERTION_LIFETIME_SECONDS } from '../../keys/assertion/user-assertion.ts';
import type { TlsMaterial } from '../../keys/tls/tls-material.ts';

/**
 * One employee of a partner calling the broker from the partner's system, with assertions
 * that outlast the run they are signed ahead for.
 */
export function benchPartner(
  material: TlsMaterial,
  audience: string,
  broker: string,
  user: ActingUser,
): PartnerClient {
  return PartnerClient.fromMaterial(material, {
    broker,
    audience,
    user,
    assertionLifetimeSeconds: MAX_ASSERTION_LIFETIME_SECONDS,
  });
}

/**
 * `count` fresh assertions, each with its own `jti`: the broker accepts each once. Signed
 * before a timed run, since RSA signing costs about a millisecond that would otherwise be
 * timed as the client's share of every exchange.
 */
export function signAhead(partner: PartnerClient, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => partner.assertion()));
}
