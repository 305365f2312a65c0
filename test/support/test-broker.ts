import { existsSync } from 'node:fs';
import { type Logger, pino } from 'pino';
import type { RequestLimits } from '../../adapters/contract/request-limits.ts';
import { type AdapterAccess, createApp } from '../../broker/app.ts';
import { DEFAULT_LIMITS } from '../../broker/config/config.ts';
import type { CandidateDirectory } from '../../broker/covenant/impact/candidate-directory.ts';
import { PolicyUnavailableError } from '../../broker/errors/broker-error.ts';
import type { PushDelivery } from '../../broker/exchange/push-delivery.ts';
import { AssertionVerifier } from '../../broker/identity/assertion-verifier.ts';
import { RefusalThrottle } from '../../broker/identity/refusal-throttle.ts';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import { UnavailablePolicyEngine } from '../../broker/policy/wasm-policy-engine.ts';
import { type RunningBroker, startBrokerServer } from '../../broker/server.ts';
import { BrokerStore } from '../../broker/store/broker-store.ts';
import { BROKER_ORGANISATION } from '../../keys/certificates/certificate-profile.ts';
import { type Clock, systemClock } from '../../keys/clock.ts';
import { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import type { Network } from './certificates.ts';
import { capturingLogger } from './logger.ts';

export const AUDIENCE = 'urn:zvh-broker:testnet';

export interface TestBroker {
  readonly running: RunningBroker;
  readonly url: string;
  readonly revocations: RevocationSource;
  /** What the broker logs, in `logLines`; a test gives it to a part it starts beside the app. */
  readonly logger: Logger;
  readonly logLines: string[];
}

export interface TestBrokerOptions {
  /** The time the broker checks certificates and assertions at; the real time by default. */
  readonly clock?: Clock;
  /** An empty store in memory by default. */
  readonly store?: BrokerStore;
  readonly policy?: PolicyEngine;
  readonly adapters?: AdapterAccess;
  readonly delivery?: PushDelivery;
  /** What a request may bring; the defaults of an unconfigured broker otherwise. */
  readonly requestLimits?: RequestLimits;
  /**
   * Refusals an organisation may have a minute; by default more than a test makes, since
   * the authorisation walks refuse one organisation hundreds of times on purpose.
   */
  readonly refusalsPerMinute?: number;
  /** Candidate bundles for the workspace's impact report; none by default. */
  readonly policyCandidates?: CandidateDirectory;
}

/** For apps whose tests pull from no partner: asking for an agent is a test's mistake. */
const NO_ADAPTERS: AdapterAccess = {
  directory: new Map(),
  agents: {
    for: () => {
      throw new TypeError('this test calls no adapter');
    },
    destroy: () => undefined,
  },
  timeoutMs: 1,
  answerLimits: DEFAULT_LIMITS.adapterAnswer,
};

/** For apps whose tests push to no partner: delivering is a test's mistake. */
const NO_DELIVERY: PushDelivery = {
  deliver: () => Promise.reject(new TypeError('this test pushes nothing')),
  stop: () => Promise.resolve(),
};

const NO_POLICY = new UnavailablePolicyEngine(new PolicyUnavailableError('not needed here'));

/** An empty store in memory, for tests of routes that never reach it. */
function memoryStore(): Promise<BrokerStore> {
  return BrokerStore.open({ databaseUrl: 'sqlite::memory:', identifierSecret: new Uint8Array(32) });
}

/**
 * The broker app without a listener, for `app.request()`: no TLS connection reaches it,
 * so /v1 refuses every call. No policy, no partner, an empty store.
 */
export async function appWithoutListener(): Promise<ReturnType<typeof createApp>> {
  const clock = { now: () => new Date('2026-03-02T10:00:00.000Z') };
  const store = await memoryStore();
  return createApp({
    policy: NO_POLICY,
    logger: pino({ level: 'silent' }),
    identity: {
      revocations: {} as RevocationSource,
      assertions: new AssertionVerifier({
        audience: 'urn:zvh-broker:t',
        replayCache: store.replays,
        clock,
      }),
      clock,
    },
    store,
    network: 'bonaire',
    adapters: NO_ADAPTERS,
    delivery: NO_DELIVERY,
    requestLimits: DEFAULT_LIMITS.request,
  });
}

/**
 * The real broker app behind the real mutual-TLS listener on 127.0.0.1, port 0, serving
 * ZVH Bonaire.
 */
export async function startTestBroker(
  network: Network,
  options: TestBrokerOptions = {},
): Promise<TestBroker> {
  const clock = options.clock ?? systemClock;
  const server = network.authority.layout.leaf('broker-server', BROKER_ORGANISATION);
  if (!existsSync(server.certificate)) await network.issue('broker-server', BROKER_ORGANISATION);
  const { logger, lines } = capturingLogger();
  const requestLimits = options.requestLimits ?? DEFAULT_LIMITS.request;
  const revocations = await RevocationSource.open(network.authority.layout.revocations);
  const store = options.store ?? (await memoryStore());
  const assertions = new AssertionVerifier({
    audience: AUDIENCE,
    replayCache: store.replays,
    clock,
  });
  const app = createApp({
    policy: options.policy ?? NO_POLICY,
    logger,
    identity: { revocations, assertions, clock },
    store,
    network: 'bonaire',
    adapters: options.adapters ?? NO_ADAPTERS,
    delivery: options.delivery ?? NO_DELIVERY,
    requestLimits,
    ...(options.policyCandidates === undefined
      ? {}
      : { policyCandidates: options.policyCandidates }),
    refusals: new RefusalThrottle({
      perMinute: options.refusalsPerMinute ?? 100_000,
      trail: store.audit,
      network: 'bonaire',
      logger,
    }),
  });
  const running = await startBrokerServer({
    app,
    tls: {
      ca: network.authority.layout.authority.certificate,
      certificate: server.certificate,
      privateKey: server.privateKey,
    },
    revocations,
    clock,
    logger,
    host: '127.0.0.1',
    port: 0,
    maxHeaderBytes: requestLimits.headerBytes,
  });
  return {
    running,
    url: `https://127.0.0.1:${running.port}`,
    revocations,
    logger,
    logLines: lines,
  };
}
