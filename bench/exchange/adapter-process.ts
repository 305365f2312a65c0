/**
 * Child process of the exchange benchmark: one partner adapter (the adapter kit, as a
 * partner runs it) over a reference partner's generated sample system. Started by
 * processes.ts, which passes an AdapterProcessConfig as JSON in argv[2]; reports its
 * port over IPC and stops on SIGTERM.
 */
import { pino } from 'pino';
import { startAdapter } from '../../adapters/kit/start-adapter.ts';
import {
  REFERENCE_PARTNERS,
  type ReferencePartnerId,
} from '../../adapters/reference/reference-partners.ts';
import { DEFAULT_SAMPLE_SEED, samplePersons } from '../../adapters/reference/sample-persons.ts';
import { readTlsMaterial, type TlsMaterialPaths } from '../../keys/tls/tls-material.ts';

export interface AdapterProcessConfig {
  readonly organisation: string;
  /** Whose sample system and manifest the adapter serves. */
  readonly system: ReferencePartnerId;
  readonly tls: TlsMaterialPaths;
  readonly revocations: string;
  readonly stateDir: string;
}

export interface AdapterReady {
  readonly port: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as AdapterProcessConfig;
  const partner = REFERENCE_PARTNERS[config.system];
  const system = await partner.startSystem(
    `${config.stateDir}/partner-system`,
    samplePersons(DEFAULT_SAMPLE_SEED),
    DEFAULT_SAMPLE_SEED,
  );
  const adapter = await startAdapter({
    organisation: config.organisation,
    manifest: partner.manifest,
    source: system.source,
    tls: await readTlsMaterial(config.tls),
    revocations: config.revocations,
    stateDir: config.stateDir,
    port: 0,
    // The kit's default level: its per-pull log line is part of what an adapter costs.
    logger: pino({ base: { service: 'zvh-adapter', organisation: config.organisation } }),
  });
  process.once('SIGTERM', () => {
    void adapter
      .close()
      .then(() => system.api?.close())
      .then(() => process.exit(0));
  });
  process.send?.({ port: adapter.port } satisfies AdapterReady);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
