import { join } from 'node:path';
import { BROKER_ORGANISATION, type LeafKind } from '../../keys/certificates/certificate-profile.ts';
import { type LeafSpec, NetworkAuthority } from '../../keys/certificates/network-authority.ts';
import {
  leafTlsPaths,
  readTlsMaterial,
  type TlsMaterial,
  type TlsMaterialPaths,
} from '../../keys/tls/tls-material.ts';

/** The network the broker serves in the benchmark; its `aud` follows from it. */
export const NETWORK = 'bonaire';
export const AUDIENCE = `urn:zvh-broker:${NETWORK}`;

/** Loopback only: adapters and broker are reached by IP, so no resolver picks ::1. */
const HOSTS = ['localhost', '127.0.0.1'];

export interface BenchNetwork {
  /** The broker's BROKER_STATE_DIR: it finds the CA and its certificates here. */
  readonly stateDir: string;
  readonly revocations: string;
  paths(kind: LeafKind, organisation: string): TlsMaterialPaths;
  material(kind: LeafKind, organisation: string): Promise<TlsMaterial>;
}

/**
 * A fresh network CA under `stateDir/keys`, laid out as the broker's own start-up would
 * make it, with the certificates the benchmark needs: the broker's server and client
 * certificates, one partner certificate per acting organisation and one adapter
 * certificate per provider. The broker then starts on this material as on its own.
 */
export async function createBenchNetwork(
  stateDir: string,
  partners: readonly string[],
  adapters: readonly string[],
): Promise<BenchNetwork> {
  const authority = new NetworkAuthority(join(stateDir, 'keys'), NETWORK);
  const specs: LeafSpec[] = [
    { kind: 'broker-server', organisation: BROKER_ORGANISATION, hosts: HOSTS },
    { kind: 'broker-client', organisation: BROKER_ORGANISATION },
    ...partners.map((organisation): LeafSpec => ({ kind: 'partner', organisation })),
    ...adapters.map((organisation): LeafSpec => ({ kind: 'adapter', organisation, hosts: HOSTS })),
  ];
  await authority.ensure(specs, new Date());
  const paths = (kind: LeafKind, organisation: string): TlsMaterialPaths =>
    leafTlsPaths(authority.layout, kind, organisation);
  return {
    stateDir,
    revocations: authority.layout.revocations,
    paths,
    material: (kind, organisation) => readTlsMaterial(paths(kind, organisation)),
  };
}
