import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { type AdapterAccess, createApp } from '../../broker/app.ts';
import { PolicyUnavailableError } from '../../broker/errors/broker-error.ts';
import type { PushDelivery } from '../../broker/exchange/push-delivery.ts';
import { AssertionVerifier } from '../../broker/identity/assertion-verifier.ts';
import { MemoryReplayCache } from '../../broker/identity/replay-cache.ts';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import { UnavailablePolicyEngine } from '../../broker/policy/wasm-policy-engine.ts';
import { type RunningBroker, startBrokerServer } from '../../broker/server.ts';
import { BrokerStore } from '../../broker/store/broker-store.ts';
import { BROKER_ORGANISATION, type LeafKind } from '../../keys/certificates/certificate-profile.ts';
import { NetworkAuthority } from '../../keys/certificates/network-authority.ts';
import type { CertificatePaths } from '../../keys/certificates/network-layout.ts';
import type { Clock } from '../../keys/clock.ts';
import { RevocationSource } from '../../keys/revocation/revocation-source.ts';

export const AUDIENCE = 'urn:zvh-broker:testnet';

/** PEM material of one certificate holder, as a TLS client or server needs it. */
export interface Holder {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  readonly paths: CertificatePaths & { readonly ca: string };
}

export async function holder(
  authority: NetworkAuthority,
  paths: CertificatePaths,
): Promise<Holder> {
  const ca = authority.layout.authority.certificate;
  return {
    cert: await readFile(paths.certificate, 'utf8'),
    key: await readFile(paths.privateKey, 'utf8'),
    ca: await readFile(ca, 'utf8'),
    paths: { ...paths, ca },
  };
}

/** A settable clock: tests move it past an overlap. */
export function testClock(start: Date): Clock & { set(at: Date): void } {
  let now = start;
  return {
    now: () => now,
    set(at: Date) {
      now = at;
    },
  };
}

export interface Network {
  readonly dir: string;
  readonly authority: NetworkAuthority;
  issue(kind: LeafKind, organisation: string, now?: Date, days?: number): Promise<Holder>;
  remove(): Promise<void>;
}

/** A fresh CA in a temporary directory; nothing of it is ever committed. */
export async function createNetwork(name = 'testnet'): Promise<Network> {
  const dir = await mkdtemp(join(tmpdir(), 'zvh-identity-'));
  const authority = new NetworkAuthority(join(dir, 'keys'), name);
  await authority.create(new Date());
  return {
    dir,
    authority,
    async issue(kind, organisation, now = new Date(), days = 30) {
      const hosts =
        kind === 'broker-server' || kind === 'adapter' ? ['localhost', '127.0.0.1'] : [];
      const issued = await authority.issue(
        { kind, organisation, days, ...(hosts.length > 0 ? { hosts } : {}) },
        now,
      );
      return holder(authority, issued);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface TestBroker {
  readonly running: RunningBroker;
  readonly url: string;
  readonly revocations: RevocationSource;
  readonly logLines: string[];
}

/** For apps whose tests pull from no partner: asking for an agent is a test's mistake. */
export const NO_ADAPTERS: AdapterAccess = {
  directory: new Map(),
  agents: {
    for: () => {
      throw new TypeError('this test calls no adapter');
    },
    destroy: () => undefined,
  },
  timeoutMs: 1,
};

/** For apps whose tests push to no partner: delivering is a test's mistake. */
export const NO_DELIVERY: PushDelivery = {
  deliver: () => Promise.reject(new TypeError('this test pushes nothing')),
  stop: () => Promise.resolve(),
};

/** An empty store in memory, for tests of routes that never reach it. */
export function memoryStore(): Promise<BrokerStore> {
  return BrokerStore.open({ databaseUrl: 'sqlite::memory:', identifierSecret: new Uint8Array(32) });
}

/**
 * The real broker app behind the real mutual-TLS listener on 127.0.0.1, port 0, serving
 * ZVH Bonaire from `store` (an empty in-memory one by default).
 */
export async function startTestBroker(
  network: Network,
  clock: Clock,
  store?: BrokerStore,
  exchange: {
    readonly policy?: PolicyEngine;
    readonly adapters?: AdapterAccess;
    readonly delivery?: PushDelivery;
  } = {},
): Promise<TestBroker> {
  const server = network.authority.layout.leaf('broker-server', BROKER_ORGANISATION);
  if (!existsSync(server.certificate)) await network.issue('broker-server', BROKER_ORGANISATION);
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
  const revocations = await RevocationSource.open(network.authority.layout.revocations);
  const assertions = new AssertionVerifier({
    audience: AUDIENCE,
    replayCache: new MemoryReplayCache(),
    clock,
  });
  const app = createApp({
    policy:
      exchange.policy ?? new UnavailablePolicyEngine(new PolicyUnavailableError('not needed here')),
    logger,
    identity: { revocations, assertions, clock },
    store: store ?? (await memoryStore()),
    network: 'bonaire',
    adapters: exchange.adapters ?? NO_ADAPTERS,
    delivery: exchange.delivery ?? NO_DELIVERY,
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
  });
  return { running, url: `https://127.0.0.1:${running.port}`, revocations, logLines };
}
