import { createMiddleware } from 'hono/factory';
import type { IdentityVariables } from '../identity/identity-middleware.ts';
import type { CovenantParties } from './covenant-parties.ts';

/**
 * Lets through only a caller whose organisation is a party to the network's covenant in
 * force at this moment (covenant-parties.ts): otherwise 403 PARTNER_NOT_SIGNATORY, or 403
 * COVENANT_NOT_IN_FORCE when no version is in force. Mounted once over every case route,
 * after the identity middleware, so that no route can forget it.
 *
 * @example
 * app.use('/v1/cases/*', requireCovenantParty(store.parties, 'bonaire'));
 */
export function requireCovenantParty(parties: CovenantParties, network: string) {
  return createMiddleware<{ Variables: IdentityVariables }>(async (c, next) => {
    await parties.requireParty(network, c.get('partner').organisation);
    await next();
  });
}
