import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { CaseRole } from '../../broker/policy/exchange-request.ts';
import { systemClock } from '../../keys/clock.ts';
import { ApiClient, type Caller } from './api-client.ts';
import type { StoreContext } from './databases.ts';
import {
  createNetwork,
  type Holder,
  type Network,
  startTestBroker,
  type TestBroker,
} from './identity.ts';

/** The organisations the API tests act for; `krusada` never takes part in the test case. */
const ORGANISATIONS = [
  'politie-cn',
  'zvh-bonaire',
  'jeugdzorg-cn',
  'sgb',
  'mhc',
  'krusada',
] as const;
export type Organisation = (typeof ORGANISATIONS)[number];

export interface ApiContext {
  api: ApiClient;
  broker: TestBroker;
  holders: Record<Organisation, Holder>;
}

/**
 * Per file: one network CA and a certificate per organisation (key generation is the slow
 * part). Per test: the real broker over mutual TLS on the test's fresh database.
 */
export function useApi(ctx: StoreContext): ApiContext {
  const api = {} as ApiContext;
  let network: Network;
  beforeAll(async () => {
    network = await createNetwork();
    const holders = {} as Record<Organisation, Holder>;
    for (const organisation of ORGANISATIONS) {
      holders[organisation] = await network.issue('partner', organisation);
    }
    api.holders = holders;
  });
  afterAll(async () => {
    await network?.remove();
  });
  beforeEach(async () => {
    api.broker = await startTestBroker(network, systemClock, ctx.store);
    api.api = new ApiClient(api.broker.url);
  });
  afterEach(async () => {
    await api.broker.running.close();
  });
  return api;
}

export function caller(
  holders: Record<Organisation, Holder>,
  organisation: Organisation,
  user: string,
  role: CaseRole,
): Caller {
  return { organisation, holder: holders[organisation], user, role };
}

/** The cast of the test case, by what they are in it. */
export function cast(holders: Record<Organisation, Holder>) {
  return {
    registrant: caller(holders, 'politie-cn', 'agent-17', 'case_participant'),
    processDirector: caller(holders, 'zvh-bonaire', 'procesregisseur-1', 'process_director'),
    caseDirector: caller(holders, 'jeugdzorg-cn', 'jeugdwerker-4', 'case_director'),
    participant: caller(holders, 'sgb', 'mentor-2', 'case_participant'),
    privacyOfficer: caller(holders, 'mhc', 'privacy-1', 'privacy_officer'),
  } as const satisfies Record<string, Caller>;
}

export const REGISTRATION = {
  caseType: 'domestic_violence',
  lifeDomains: ['housing', 'parenting_minors', 'crime'],
  criteria: {
    multiple_life_domains: true,
    cross_chain_cooperation: true,
    impact_on_family_system: true,
    serious_local_safety_problem: false,
  },
} as const;

/** Recognisable on purpose: the tests look for it in every answer and log line. */
export const NATIONAL_ID = '987654321';
