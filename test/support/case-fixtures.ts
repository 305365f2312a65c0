import type { Actor } from '../../broker/store/actor.ts';
import type { BrokerStore } from '../../broker/store/broker-store.ts';
import type { RegistrationInput } from '../../broker/store/case-registry.ts';

export const NETWORK = 'bonaire';
export const POLICE: Actor = { organisation: 'politie-cn', user: 'agent-17' };
export const PROCESS_DIRECTOR: Actor = { organisation: 'zvh-bonaire', user: 'procesregisseur-1' };
export const YOUTH_CARE: Actor = { organisation: 'jeugdzorg-cn', user: 'jeugdwerker-4' };
export const SCHOOL: Actor = { organisation: 'sgb', user: 'mentor-2' };

/** Recognisable on purpose: the tests look for it in every answer, log line and database file. */
export const NATIONAL_ID = '987654321';

export const REGISTRATION: RegistrationInput = {
  caseType: 'domestic_violence',
  lifeDomains: ['housing', 'parenting_minors', 'crime'],
  criteria: {
    multiple_life_domains: true,
    cross_chain_cooperation: true,
    impact_on_family_system: true,
    serious_local_safety_problem: false,
  },
};

/** A case registered by the police, taken up by the process director and accepted. */
export async function acceptedCase(store: BrokerStore): Promise<string> {
  const registered = await store.cases.register(NETWORK, POLICE, REGISTRATION);
  await store.cases.startTriage(NETWORK, registered.id, PROCESS_DIRECTOR);
  await store.cases.accept(NETWORK, registered.id, PROCESS_DIRECTOR);
  return registered.id;
}
