import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import type { ReferencePartnerId } from '../../adapters/reference/reference-partners.ts';
import { readPolicyBundle } from '../../broker/policy/policy-bundle.ts';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import { WasmPolicyEngine } from '../../broker/policy/wasm-policy-engine.ts';
import { BrokerStore } from '../../broker/store/broker-store.ts';
import { seedNetworks } from '../../broker/store/seed-networks.ts';
import { ApiClient } from './api-client.ts';
import { TestClock } from './clock.ts';
import { seedAcceptedCovenant } from './covenant.ts';
import { type TestNetwork, useTestNetwork } from './network.ts';
import { ORGANISATIONS, Scenario, type ScenarioOrganisation } from './scenario.ts';
import type { TestBroker } from './test-broker.ts';

const TWO_YEARS_MS = 2 * 365 * 86_400_000;

const REFERENCE_ADAPTERS: readonly ReferencePartnerId[] = [
  'politie-cn',
  'sgb',
  'jeugdzorg-cn',
  'mhc',
];

export interface ScenarioOptions {
  /** The policy the broker decides with; the committed bundle by default. */
  readonly policy?: PolicyEngine;
}

/** Everything shared by the scenarios of one file: the network, partners and adapters. */
export interface ScenarioNetwork {
  /** The committed bundle with its covenant data changed, as an operator would deploy it. */
  policyWithCovenant(change: (bonaire: CovenantData) => void): Promise<PolicyEngine>;
  /** A broker of its own for one test, on a fresh SQLite database; closed after the test. */
  open(options?: ScenarioOptions): Promise<Scenario>;
}

/** The part of the Bonaire covenant content the scenarios change. */
export interface CovenantData {
  version: string;
  not_before: string;
  not_after: string;
  partners: Record<string, { name: string; domain: string; special_bases: string[] }>;
}

/** The Bonaire covenant content of each engine `policyWithCovenant` made. */
const covenantOf = new WeakMap<PolicyEngine, CovenantData>();

/**
 * Per file: the test network with a partner certificate per organisation and the four
 * reference adapters. Per test (`open`): the real broker on its own SQLite database,
 * reached the way a partner's system reaches it.
 */
export function useScenarioNetwork(): ScenarioNetwork {
  const network = useTestNetwork({ partners: ORGANISATIONS, adapters: REFERENCE_ADAPTERS });
  let policy: WasmPolicyEngine;
  const opened: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    policy = await WasmPolicyEngine.fromBundle(await readPolicyBundle('policies/bundle'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((close) => close()));
  });

  return {
    async policyWithCovenant(change) {
      const bundle = await readPolicyBundle('policies/bundle');
      const data = structuredClone(bundle.data) as {
        zvh: { covenants: { bonaire: CovenantData } };
      };
      change(data.zvh.covenants.bonaire);
      const engine = await WasmPolicyEngine.fromBundle({ ...bundle, data });
      covenantOf.set(engine, data.zvh.covenants.bonaire);
      return engine;
    },
    async open(options = {}) {
      const scenario = await openScenario(network, options.policy ?? policy);
      opened.push(scenario.close);
      return scenario;
    },
  };
}

async function openScenario(
  network: TestNetwork<ScenarioOrganisation, ReferencePartnerId>,
  policy: PolicyEngine,
): Promise<Scenario & { close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'zvh-scenario-'));
  const url = `sqlite:${join(dir, 'broker.sqlite')}`;
  // The store records at the time a test sets; the broker decides at the real time that its
  // certificates and assertions live in. History is written before that moment.
  const clock = new TestClock(new Date(Date.now() - TWO_YEARS_MS).toISOString());
  const store = await BrokerStore.open({
    databaseUrl: url,
    identifierSecret: randomBytes(32),
    vocabulary: (network) => policy.vocabulary(network),
    activeCovenant: (network) => policy.covenantVersionId(network),
    clock,
  });
  await seedNetworks(store.networks, 'policies/zvh/covenants');
  // The version the scenario's policy implements, proposed and accepted by all it names.
  const content = covenantOf.get(policy);
  await seedAcceptedCovenant(
    store,
    clock,
    content === undefined ? {} : { content: { ...content } },
  );
  const urls = Object.fromEntries(
    REFERENCE_ADAPTERS.map((partner) => [partner, network.adapters[partner].url]),
  );
  let broker: TestBroker;
  try {
    broker = await network.startBroker({ store, policy, adapters: { urls, timeoutMs: 2000 } });
  } catch (error) {
    await store.close();
    rmSync(dir, { recursive: true });
    throw error;
  }
  const scenario = new Scenario(
    new ApiClient(broker.url),
    network.holders,
    clock,
    store,
    url,
    network.adapters,
  );
  return Object.assign(scenario, {
    close: async () => {
      await broker.running.close();
      await store.close();
      rmSync(dir, { recursive: true });
    },
  });
}
