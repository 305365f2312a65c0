import type { KeyObject } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Logger, pino } from 'pino';
import { type Clock, systemClock } from '../../keys/clock.ts';
import { RevocationSource } from '../../keys/revocation/revocation-source.ts';
import type { TlsMaterial } from '../../keys/tls/tls-material.ts';
import { answerClientErrors, type RequestLimits } from '../contract/request-limits.ts';
import {
  type AdapterEnv,
  createBrokerFacingApp,
  createLocalApp,
  DEFAULT_ADAPTER_LIMITS,
} from './adapter-apps.ts';
import { ConfigInvalidError } from './adapter-error.ts';
import { openAdapterState } from './adapter-state.ts';
import { acceptOnlyBroker, adapterServerOptions } from './adapter-tls-server.ts';
import { CheckpointWitness } from './checkpoint-witness.ts';
import { BONAIRE_COVENANT, readCovenantVocabulary } from './covenant-vocabulary.ts';
import type { DataSource } from './data-source.ts';
import { type ExposureManifest, parseExposureManifest } from './exposure-manifest.ts';
import { Inbox } from './inbox.ts';
import { problemFor } from './problem.ts';
import { ReleaseLog } from './release-log.ts';

export interface AdapterOptions {
  /** The organisation id of the partner, as in the covenant (`politie-cn`). */
  readonly organisation: string;
  /** Checked against `covenant` before anything listens. */
  readonly manifest: unknown;
  readonly source: DataSource;
  /** The adapter certificate and key, and the network CA. */
  readonly tls: TlsMaterial;
  /** The network's revocations.json; re-read when it changes. */
  readonly revocations: string;
  /** Holds the inbox, the release log and the witnessed checkpoint; keep it across restarts. */
  readonly stateDir: string;
  /** The broker's audit checkpoint public key: the witness then refuses notes it did not sign. */
  readonly checkpointKey?: KeyObject;
  readonly host?: string;
  readonly port: number;
  /** The loopback port for the partner's own systems; 0 picks a free one. */
  readonly localPort?: number;
  /** The covenant's policy data; ZVH Bonaire's by default. */
  readonly covenant?: string;
  /** What one request may bring; each bound left out is `DEFAULT_ADAPTER_LIMITS`'s. */
  readonly limits?: Partial<RequestLimits>;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface RunningAdapter {
  readonly organisation: string;
  readonly manifest: ExposureManifest;
  readonly port: number;
  /** The broker-facing base URL, for example https://localhost:9101. */
  readonly url: string;
  readonly localPort: number;
  readonly localUrl: string;
  readonly releaseLog: ReleaseLog;
  readonly inbox: Inbox;
  readonly witness: CheckpointWitness;
  close(): Promise<void>;
}

function checkSourceCoversManifest(manifest: ExposureManifest, source: DataSource): void {
  for (const [category, fields] of manifest) {
    const mapped = new Set(source.mappedFields(category));
    const missing = fields.filter((field) => !mapped.has(field));
    if (missing.length > 0) {
      throw new ConfigInvalidError(
        `the data source has no mapping for ${category}: ${missing.join(', ')}`,
      );
    }
  }
}

function listen<S extends HttpServer | HttpsServer>(
  app: Hono<AdapterEnv>,
  host: string,
  port: number,
  createServer: typeof createHttpServer | typeof createHttpsServer,
  serverOptions: object,
  guard: (server: S) => void,
): Promise<{ server: S; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: host, port, createServer, serverOptions },
      (info: AddressInfo) => resolve({ server: server as S, port: info.port }),
    ) as S;
    // Installed before the first connection can be accepted.
    answerClientErrors(server, problemFor);
    guard(server);
    server.once('error', reject);
  });
}

function closeServer(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * Starts a partner adapter: the broker-facing HTTPS listener (mutual TLS, the broker's
 * client certificate only, revocation checked on every connection and request; pull,
 * inbox and checkpoint witness) and a plain HTTP listener on 127.0.0.1 where the
 * partner's own systems take the inbox.
 * A bad manifest or a source that cannot serve it fails here, before anything listens.
 *
 * @example
 * const adapter = await startAdapter({ organisation: 'mhc', manifest, source, tls,
 *   revocations: 'keys/bonaire/revocations.json', stateDir: '.state/mhc', port: 9104 });
 */
export async function startAdapter(options: AdapterOptions): Promise<RunningAdapter> {
  const vocabulary = await readCovenantVocabulary(options.covenant ?? BONAIRE_COVENANT);
  const manifest = parseExposureManifest(options.manifest, vocabulary);
  checkSourceCoversManifest(manifest, options.source);
  const clock = options.clock ?? systemClock;
  const limits: RequestLimits = { ...DEFAULT_ADAPTER_LIMITS, ...options.limits };
  const logger =
    options.logger ??
    pino({ base: { service: 'zvh-adapter', organisation: options.organisation } });
  const revocations = await RevocationSource.open(options.revocations, {
    onError: (error) => logger.error({ err: error }, 'revocation list reload failed'),
  });
  revocations.watch();
  const db = await openAdapterState(options.stateDir);
  const inbox = new Inbox(db, clock);
  const releaseLog = new ReleaseLog(db, clock);
  const witness = new CheckpointWitness(db, clock, { checkpointKey: options.checkpointKey });
  const brokerApp = createBrokerFacingApp({
    manifest,
    source: options.source,
    releaseLog,
    inbox,
    witness,
    vocabulary,
    revocations,
    clock,
    logger,
    limits,
  });
  let facing: { server: HttpsServer; port: number } | undefined;
  let local: { server: HttpServer; port: number };
  try {
    facing = await listen<HttpsServer>(
      brokerApp,
      options.host ?? '127.0.0.1',
      options.port,
      createHttpsServer,
      { ...adapterServerOptions(options.tls), maxHeaderSize: limits.headerBytes },
      (server) => acceptOnlyBroker(server, { revocations, clock, log: logger }),
    );
    local = await listen<HttpServer>(
      createLocalApp({ inbox, releaseLog, witness, logger }),
      '127.0.0.1',
      options.localPort ?? 0,
      createHttpServer,
      { maxHeaderSize: limits.headerBytes },
      () => undefined,
    );
  } catch (error) {
    if (facing !== undefined) await closeServer(facing.server);
    revocations.close();
    await db.destroy();
    throw error;
  }
  logger.info(
    { port: facing.port, localPort: local.port, categories: [...manifest.keys()] },
    'adapter listening',
  );
  return {
    organisation: options.organisation,
    manifest,
    port: facing.port,
    url: `https://localhost:${facing.port}`,
    localPort: local.port,
    localUrl: `http://127.0.0.1:${local.port}`,
    releaseLog,
    inbox,
    witness,
    async close() {
      await Promise.all([closeServer(facing.server), closeServer(local.server)]);
      revocations.close();
      await options.source.close();
      await db.destroy();
    },
  };
}
