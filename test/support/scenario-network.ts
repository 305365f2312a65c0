import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ReferencePartnerId } from '../../adapters/reference/reference-partners.ts';
import {
  type RunningReferenceAdapter,
  startReferenceAdapter,
} from '../../adapters/reference/start-reference-adapter.ts';
import { AdapterAgents } from '../../broker/identity/adapter-agent.ts';
import { readPolicyBundle } from '../../broker/policy/policy-bundle.ts';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import { WasmPolicyEngine } from '../../broker/policy/wasm-policy-engine.ts';
import { BrokerStore } from '../../broker/store/broker-store.ts';
import { seedNetworks } from '../../broker/store/seed-networks.ts';
import { BROKER_ORGANISATION } from '../../keys/certificates/certificate-profile.ts';
import { systemClock } from '../../keys/clock.ts';
import { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import { ApiClient } from './api-client.ts';
import { TestClock } from './databases.ts';
import {
  createNetwork,
  type Holder,
  type Network,
  startTestBroker,
  type TestBroker,
} from './identity.ts';
import { ORGANISATIONS, Scenario, type ScenarioOrganisation } from './scenario.ts';

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

/** The part of the Bonaire covenant data the scenarios change. */
export interface CovenantData {
  versions: {
    id: string;
    valid_from: string;
    valid_until: string | null;
    signatories: Record<string, { signed_at: string; withdrawn_at?: string }>;
  }[];
}

/**
 * Per file: one network CA, a partner certificate per organisation and the four reference
 * adapters over mutual TLS. Per test (`open`): the real broker on its own SQLite database,
 * reached the way a partner's system reaches it.
 */
export function useScenarioNetwork(): ScenarioNetwork {
  const shared = {} as {
    network: Network;
    holders: Record<ScenarioOrganisation, Holder>;
    policy: WasmPolicyEngine;
    adapters: Record<ReferencePartnerId, RunningReferenceAdapter>;
    agents: AdapterAgents;
    revocations: RevocationSource;
  };
  const opened: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    shared.network = await createNetwork();
    const network = shared.network;
    const holders = {} as Record<ScenarioOrganisation, Holder>;
    for (const organisation of ORGANISATIONS) {
      holders[organisation] = await network.issue('partner', organisation);
    }
    shared.holders = holders;
    shared.policy = await WasmPolicyEngine.fromBundle(await readPolicyBundle('policies/bundle'));
    const revocationsPath = network.authority.layout.revocations;
    shared.revocations = await RevocationSource.open(revocationsPath);
    shared.agents = new AdapterAgents(await network.issue('broker-client', BROKER_ORGANISATION), {
      revocations: shared.revocations,
      clock: systemClock,
    });
    const adapters = {} as Record<ReferencePartnerId, RunningReferenceAdapter>;
    for (const partner of REFERENCE_ADAPTERS) {
      adapters[partner] = await startReferenceAdapter(partner, {
        tls: await network.issue('adapter', partner),
        revocations: revocationsPath,
        port: 0,
        stateDir: join(network.dir, 'state', partner),
        logger: pino({ level: 'silent' }),
      });
    }
    shared.adapters = adapters;
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((close) => close()));
  });

  afterAll(async () => {
    shared.agents?.destroy();
    await Promise.all(Object.values(shared.adapters ?? {}).map((adapter) => adapter.close()));
    shared.revocations?.close();
    await shared.network?.remove();
  });

  return {
    async policyWithCovenant(change) {
      const bundle = await readPolicyBundle('policies/bundle');
      const data = structuredClone(bundle.data) as {
        zvh: { covenants: { bonaire: CovenantData } };
      };
      change(data.zvh.covenants.bonaire);
      return WasmPolicyEngine.fromBundle({ ...bundle, data });
    },
    async open(options = {}) {
      const scenario = await openScenario(shared, options);
      opened.push(scenario.close);
      return scenario;
    },
  };
}

async function openScenario(
  shared: {
    network: Network;
    holders: Record<ScenarioOrganisation, Holder>;
    policy: PolicyEngine;
    adapters: Record<ReferencePartnerId, RunningReferenceAdapter>;
    agents: AdapterAgents;
  },
  options: ScenarioOptions,
): Promise<Scenario & { close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'zvh-scenario-'));
  const url = `sqlite:${join(dir, 'broker.sqlite')}`;
  // The store records at the time a test sets; the broker decides at the real time that its
  // certificates and assertions live in. History is written before that moment.
  const clock = new TestClock(new Date(Date.now() - TWO_YEARS_MS).toISOString());
  const store = await BrokerStore.open({
    databaseUrl: url,
    identifierSecret: randomBytes(32),
    clock,
  });
  await seedNetworks(store.networks, 'policies/zvh/covenants', clock.now());
  const directory = new Map(
    REFERENCE_ADAPTERS.map((partner) => [partner as string, shared.adapters[partner].url]),
  );
  let broker: TestBroker;
  try {
    broker = await startTestBroker(shared.network, systemClock, store, {
      policy: options.policy ?? shared.policy,
      adapters: { directory, agents: shared.agents, timeoutMs: 2000 },
    });
  } catch (error) {
    await store.close();
    rmSync(dir, { recursive: true });
    throw error;
  }
  const scenario = new Scenario(
    new ApiClient(broker.url),
    shared.holders,
    clock,
    store,
    url,
    shared.adapters,
  );
  return Object.assign(scenario, {
    close: async () => {
      await broker.running.close();
      await store.close();
      rmSync(dir, { recursive: true });
    },
  });
}
