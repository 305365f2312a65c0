import type { KeyObject } from 'node:crypto';
import { type Logger, pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { RequestLimits } from '../../adapters/contract/request-limits.ts';
import type { ReferencePartnerId } from '../../adapters/reference/reference-partners.ts';
import {
  type RunningReferenceAdapter,
  startReferenceAdapter,
} from '../../adapters/reference/start-reference-adapter.ts';
import { type AdapterAnswerLimits, DEFAULT_LIMITS } from '../../broker/config/config.ts';
import { type PushDelivery, startPushDelivery } from '../../broker/exchange/push-delivery.ts';
import { AdapterAgents } from '../../broker/identity/adapter-agent.ts';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import type { BrokerStore } from '../../broker/store/broker-store.ts';
import { BROKER_ORGANISATION } from '../../keys/certificates/certificate-profile.ts';
import { type Clock, systemClock } from '../../keys/clock.ts';
import { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import { createNetwork, type Holder, type Network } from './certificates.ts';
import { type FakeServer, startFakeServer } from './fake-server.ts';
import { startTestBroker, type TestBroker, type TestBrokerOptions } from './test-broker.ts';

export interface TestNetworkOptions<P extends string, A extends ReferencePartnerId> {
  /**
   * The network's name, which names its CA under `dir/keys`: `testnet` by default. A broker
   * started as a process serves the network its CA is named after (BROKER_NETWORK), so
   * such a test names it after the seeded one, `bonaire`.
   */
  readonly name?: string;
  /** The organisations that get a partner certificate, in `holders`. */
  readonly partners?: readonly P[];
  /** The reference adapters that run for the whole file, in `adapters`. */
  readonly adapters?: readonly A[];
  /** One broker for the whole file, in `broker`: no policy, no adapters, an empty store. */
  readonly broker?: { readonly clock?: Clock };
}

export interface AdapterOptions {
  readonly port?: number;
  /** Silent by default. */
  readonly logger?: Logger;
  readonly manifest?: unknown;
  /** The organisation whose adapter certificate it serves; its own by default. */
  readonly certificateOf?: string;
  /** The name of its state directory; the partner's by default. */
  readonly stateDir?: string;
  /** The broker's checkpoint public key, for its witness to check notes with. */
  readonly checkpointKey?: KeyObject;
  /** What one request may bring; the kit's defaults otherwise. */
  readonly limits?: Partial<RequestLimits>;
}

export interface BrokerOptions extends Omit<TestBrokerOptions, 'clock' | 'adapters'> {
  /** The adapters' URLs by organisation, called through `agents`, each given `timeoutMs`. */
  readonly adapters?: {
    readonly urls: Readonly<Record<string, string>>;
    readonly timeoutMs: number;
    /** The defaults of an unconfigured broker otherwise. */
    readonly answerLimits?: AdapterAnswerLimits;
  };
}

export interface ExchangingBrokerOptions {
  readonly store: BrokerStore;
  readonly policy: PolicyEngine;
  /** The adapters' URLs by organisation, for pulls and for push delivery alike. */
  readonly urls: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** A broker that exchanges, and the push delivery it hands messages to; the test stops both. */
export interface ExchangingBroker {
  readonly broker: TestBroker;
  readonly delivery: PushDelivery;
}

/** A network CA and what runs on it; everything is filled in before the file's first test. */
export interface TestNetwork<P extends string = never, A extends ReferencePartnerId = never>
  extends Network {
  readonly holders: Record<P, Holder>;
  /** The network's revocations, as the broker reads them. */
  readonly revocations: RevocationSource;
  /** The broker's client certificate, which `agents` present to adapters. */
  readonly brokerClient: Holder;
  readonly agents: AdapterAgents;
  readonly adapters: Record<A, RunningReferenceAdapter>;
  /** Only with the `broker` option. */
  readonly broker: TestBroker;
  /** The adapter certificate of an organisation, issued once: its adapters all serve it. */
  adapterTls(organisation: string): Promise<Holder>;
  /** A reference adapter on this network, closed after the file unless a test closes it. */
  startAdapter(
    partner: ReferencePartnerId,
    options?: AdapterOptions,
  ): Promise<RunningReferenceAdapter>;
  /** A fake adapter of `organisation`, closed after the file unless a test closes it. */
  fakeAdapter(organisation: string): Promise<FakeServer>;
  /** A broker on this network, deciding at the real time; the test closes it. */
  startBroker(options?: BrokerOptions): Promise<TestBroker>;
  /** A broker that pulls from and delivers pushes to `urls`, at the real time, silently. */
  startExchangingBroker(options: ExchangingBrokerOptions): Promise<ExchangingBroker>;
}

/**
 * The test network for one file (or one describe block): a fresh CA with the partner
 * certificates, the broker's client certificate and agents, and the reference adapters,
 * all over mutual TLS. Key generation is the slow part, so tests share it.
 */
export function useTestNetwork<P extends string = never, A extends ReferencePartnerId = never>(
  options: TestNetworkOptions<P, A> = {},
): TestNetwork<P, A> {
  const network = {} as { -readonly [K in keyof TestNetwork<P, A>]: TestNetwork<P, A>[K] };
  const adapterTls = new Map<string, Promise<Holder>>();
  const closing: (() => Promise<void>)[] = [];

  /** Closes once however often it is called, so both a test and the file may close it. */
  function closeOnce<T extends { close(): Promise<void> }>(running: T): T {
    let closed: Promise<void> | undefined;
    const close = () => {
      closed ??= running.close();
      return closed;
    };
    closing.push(close);
    return { ...running, close };
  }

  network.adapterTls = (organisation) => {
    let tls = adapterTls.get(organisation);
    if (tls === undefined) {
      tls = network.issue('adapter', organisation);
      adapterTls.set(organisation, tls);
    }
    return tls;
  };

  network.startAdapter = async (partner, adapter = {}) => {
    const started = await startReferenceAdapter(partner, {
      tls: await network.adapterTls(adapter.certificateOf ?? partner),
      revocations: network.authority.layout.revocations,
      port: adapter.port ?? 0,
      stateDir: network.stateDir(adapter.stateDir ?? partner),
      logger: adapter.logger ?? pino({ level: 'silent' }),
      ...(adapter.manifest === undefined ? {} : { manifest: adapter.manifest }),
      ...(adapter.checkpointKey === undefined ? {} : { checkpointKey: adapter.checkpointKey }),
      ...(adapter.limits === undefined ? {} : { limits: adapter.limits }),
    });
    return closeOnce(started);
  };

  network.fakeAdapter = async (organisation) =>
    closeOnce(await startFakeServer(await network.adapterTls(organisation)));

  network.startBroker = ({ adapters, ...broker } = {}) =>
    startTestBroker(network, {
      ...broker,
      ...(adapters && {
        adapters: {
          directory: new Map(Object.entries(adapters.urls)),
          agents: network.agents,
          timeoutMs: adapters.timeoutMs,
          answerLimits: adapters.answerLimits ?? DEFAULT_LIMITS.adapterAnswer,
        },
      }),
    });

  network.startExchangingBroker = async ({ store, policy, urls, timeoutMs }) => {
    const delivery = startPushDelivery({
      store,
      policy,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      adapters: new Map(Object.entries(urls)),
      agents: network.agents,
      timeoutMs,
    });
    const broker = await network.startBroker({
      store,
      policy,
      adapters: { urls, timeoutMs },
      delivery,
    });
    return { broker, delivery };
  };

  beforeAll(async () => {
    adapterTls.clear();
    Object.assign(network, await createNetwork(options.name));
    const holders = {} as Record<P, Holder>;
    for (const organisation of options.partners ?? []) {
      holders[organisation] = await network.issue('partner', organisation);
    }
    network.holders = holders;
    network.revocations = await RevocationSource.open(network.authority.layout.revocations);
    network.brokerClient = await network.issue('broker-client', BROKER_ORGANISATION);
    network.agents = new AdapterAgents(network.brokerClient, {
      revocations: network.revocations,
      clock: systemClock,
    });
    const adapters = {} as Record<A, RunningReferenceAdapter>;
    for (const partner of options.adapters ?? []) {
      adapters[partner] = await network.startAdapter(partner);
    }
    network.adapters = adapters;
    if (options.broker !== undefined) {
      network.broker = await startTestBroker(network, options.broker);
    }
  });

  afterAll(async () => {
    await network.broker?.running.close();
    network.agents?.destroy();
    await Promise.all(closing.splice(0).map((close) => close()));
    network.revocations?.close();
    await network.remove?.();
  });

  return network;
}
