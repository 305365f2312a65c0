import { unwatchFile, watchFile } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { answerClientErrors } from '../adapters/contract/request-limits.ts';
import type { Clock } from '../keys/clock.ts';
import type { RevocationSource } from '../keys/revocation/revocation-source.ts';
import { guardConnections } from '../keys/tls/connection-guard.ts';
import {
  mutualTlsServerOptions,
  readTlsMaterial,
  type TlsMaterialPaths,
} from '../keys/tls/tls-material.ts';
import { problemFor } from './http/problem.ts';
import type { Logger } from './log/logger.ts';

// biome-ignore lint/suspicious/noExplicitAny: any app's env fits; only fetch is used
type AnyHono = Hono<any>;

export interface BrokerServerOptions {
  readonly app: AnyHono;
  readonly tls: TlsMaterialPaths;
  readonly revocations: RevocationSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly host: string;
  readonly port: number;
  /** Bytes of a request's line and headers; more is HEADERS_TOO_LARGE (431). */
  readonly maxHeaderBytes: number;
}

export interface RunningBroker {
  readonly server: Server;
  readonly port: number;
  /** Re-reads CA, certificate and key; new connections use them, open ones keep theirs. */
  reloadTls(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The broker's listener: HTTPS with mutual TLS, partner systems and employees' personal
 * certificates only, revocation checked on every connection. Watches its certificate files so a rotated server key is picked up without
 * a restart.
 *
 * @example
 * const broker = await startBrokerServer({ app, tls, revocations, clock, logger, host, port,
 *   maxHeaderBytes: 16_384 });
 */
export async function startBrokerServer(options: BrokerServerOptions): Promise<RunningBroker> {
  const material = await readTlsMaterial(options.tls);
  const { server, port } = await new Promise<{ server: Server; port: number }>(
    (resolve, reject) => {
      const listening = serve(
        {
          fetch: options.app.fetch,
          hostname: options.host,
          port: options.port,
          createServer,
          serverOptions: {
            ...mutualTlsServerOptions(material),
            maxHeaderSize: options.maxHeaderBytes,
          },
        },
        (info: AddressInfo) => resolve({ server: listening as Server, port: info.port }),
      ) as Server;
      answerClientErrors(listening, problemFor);
      listening.once('error', reject);
    },
  );
  guardConnections(server, {
    // Partner systems on /v1, employees with a personal certificate on /workspace; each
    // prefix refuses the other kind per request (identity-middleware, person-middleware).
    accept: ['partner', 'person'],
    revocations: options.revocations,
    clock: options.clock,
    log: options.logger,
  });
  const reloadTls = async (): Promise<void> => {
    try {
      server.setSecureContext(mutualTlsServerOptions(await readTlsMaterial(options.tls)));
      options.logger.info({ certificate: options.tls.certificate }, 'tls material reloaded');
    } catch (error) {
      options.logger.error({ err: error }, 'tls material reload failed: keeping the last good');
    }
  };
  const watched = [options.tls.ca, options.tls.certificate];
  for (const path of watched) {
    watchFile(path, { interval: 1000, persistent: false }, () => void reloadTls());
  }
  return {
    server,
    port,
    reloadTls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const path of watched) unwatchFile(path);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
