import { join } from 'node:path';
import { pino } from 'pino';
import {
  REFERENCE_PARTNER_IDS,
  type ReferencePartnerId,
} from '../adapters/reference/reference-partners.ts';
import {
  type RunningReferenceAdapter,
  startReferenceAdapter,
} from '../adapters/reference/start-reference-adapter.ts';
import type { Logger } from '../broker/log/logger.ts';
import { readTlsMaterial } from '../keys/tls/tls-material.ts';
import type { DemoConfig } from './demo-config.ts';
import type { DemoKeyPaths } from './demo-keys.ts';

export interface DemoAdapters {
  readonly running: readonly RunningReferenceAdapter[];
  /** Organisation id to the adapter's broker-facing URL: the broker's adapter directory. */
  readonly directory: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/**
 * The four reference adapters on localhost, each with its adapter certificate and its
 * state (sample partner system, inbox, release log) under `<stateDir>/adapters/<id>`.
 * If one fails to start, the ones already listening are closed again.
 *
 * @example
 * const adapters = await startDemoAdapters(demo, keys, '.state', logger);
 */
export async function startDemoAdapters(
  demo: DemoConfig,
  keys: DemoKeyPaths,
  stateDir: string,
  logger: Logger,
): Promise<DemoAdapters> {
  const running: RunningReferenceAdapter[] = [];
  const close = async () => {
    await Promise.all(running.map((adapter) => adapter.close()));
  };
  try {
    for (const [index, organisation] of REFERENCE_PARTNER_IDS.entries()) {
      running.push(await startOne(organisation, index, demo, keys, stateDir, logger));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    running,
    directory: new Map(running.map((adapter) => [adapter.organisation, adapter.url])),
    close,
  };
}

async function startOne(
  organisation: ReferencePartnerId,
  index: number,
  demo: DemoConfig,
  keys: DemoKeyPaths,
  stateDir: string,
  logger: Logger,
): Promise<RunningReferenceAdapter> {
  return startReferenceAdapter(organisation, {
    tls: await readTlsMaterial(keys.adapter(organisation)),
    revocations: keys.revocations,
    stateDir: join(stateDir, 'adapters', organisation),
    port: demo.adapterPort(index),
    localPort: demo.localPort(index),
    logger: pino({ level: logger.level, base: { service: 'zvh-adapter', organisation } }),
  });
}
