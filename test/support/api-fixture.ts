import { afterEach, beforeEach } from 'vitest';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import { ApiClient } from './api-client.ts';
import { ORGANISATIONS, type Organisation } from './cast.ts';
import type { Holder } from './certificates.ts';
import type { StoreContext } from './databases.ts';
import { useTestNetwork } from './network.ts';
import type { TestBroker } from './test-broker.ts';

export interface ApiContext {
  api: ApiClient;
  broker: TestBroker;
  holders: Record<Organisation, Holder>;
}

/**
 * Per file: the test network with a certificate per organisation. Per test: the real
 * broker over mutual TLS on the test's fresh database, deciding with `policy` if given.
 */
export function useApi(
  ctx: StoreContext,
  options: { readonly policy?: () => Promise<PolicyEngine> } = {},
): ApiContext {
  const network = useTestNetwork({ partners: ORGANISATIONS });
  const api = {} as ApiContext;
  beforeEach(async () => {
    api.holders = network.holders;
    const policy = options.policy === undefined ? {} : { policy: await options.policy() };
    api.broker = await network.startBroker({ store: ctx.store, ...policy });
    api.api = new ApiClient(api.broker.url);
  });
  afterEach(async () => {
    await api.broker.running.close();
  });
  return api;
}
