import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../keys/clock.ts';
import type { TlsMaterial } from '../../keys/tls/tls-material.ts';
import type { RequestLimits } from '../contract/request-limits.ts';
import { type RunningAdapter, startAdapter } from '../kit/start-adapter.ts';
import type { FakePartnerSystem } from './fake-partner-system.ts';
import { REFERENCE_PARTNERS, type ReferencePartnerId } from './reference-partners.ts';
import { DEFAULT_SAMPLE_SEED, samplePersons } from './sample-persons.ts';

export interface ReferenceAdapterOptions {
  /** The adapter certificate of the partner, and the network CA. */
  readonly tls: TlsMaterial;
  /** The network's revocations.json. */
  readonly revocations: string;
  /** Holds the sample partner database and the adapter's inbox and release log. */
  readonly stateDir: string;
  readonly port: number;
  readonly host?: string;
  readonly localPort?: number;
  readonly seed?: number;
  /** Replaces the partner's manifest, for example to expose less than the source holds. */
  readonly manifest?: unknown;
  /** The broker's audit checkpoint public key, for the adapter's witness to check notes with. */
  readonly checkpointKey?: KeyObject;
  /** What one request may bring; the kit's defaults otherwise. */
  readonly limits?: Partial<RequestLimits>;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface RunningReferenceAdapter extends RunningAdapter {
  /** The fake partner JSON API behind the adapter, for the partners that have one. */
  readonly partnerApi?: FakePartnerSystem;
}

/**
 * Starts one of the four reference adapters with generated sample data: its fake partner
 * system (a SQLite database or a JSON API on 127.0.0.1) and the adapter in front of it.
 * The same seed gives the same persons as `SAMPLE_PERSONS`, so the demo's cases match.
 *
 * @example
 * const police = await startReferenceAdapter('politie-cn', {
 *   tls: await readTlsMaterial(paths), revocations, stateDir: '.state/adapters/politie-cn',
 *   port: 9101 });
 */
export async function startReferenceAdapter(
  partnerId: ReferencePartnerId,
  options: ReferenceAdapterOptions,
): Promise<RunningReferenceAdapter> {
  const partner = REFERENCE_PARTNERS[partnerId];
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  const system = await partner.startSystem(
    join(options.stateDir, 'partner-system'),
    samplePersons(seed),
    seed,
  );
  try {
    const adapter = await startAdapter({
      organisation: partnerId,
      manifest: options.manifest ?? partner.manifest,
      source: system.source,
      tls: options.tls,
      revocations: options.revocations,
      stateDir: options.stateDir,
      port: options.port,
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.localPort === undefined ? {} : { localPort: options.localPort }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.checkpointKey === undefined ? {} : { checkpointKey: options.checkpointKey }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    return {
      ...adapter,
      ...(system.api === undefined ? {} : { partnerApi: system.api }),
      async close() {
        await adapter.close();
        await system.api?.close();
      },
    };
  } catch (error) {
    await system.source.close();
    await system.api?.close();
    throw error;
  }
}
