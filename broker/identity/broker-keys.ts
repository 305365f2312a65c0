import { join } from 'node:path';
import { BROKER_ORGANISATION, type LeafKind } from '../../keys/certificates/certificate-profile.ts';
import { type LeafSpec, NetworkAuthority } from '../../keys/certificates/network-authority.ts';
import { leafTlsPaths, type TlsMaterialPaths } from '../../keys/tls/tls-material.ts';

export interface BrokerKeysOptions {
  readonly stateDir: string;
  readonly network: string;
  readonly tlsHosts: readonly string[];
  readonly demoPartner: string | null;
}

export interface BrokerKeyPaths {
  readonly server: TlsMaterialPaths;
  readonly client: TlsMaterialPaths;
  readonly revocations: string;
  readonly demoPartner: TlsMaterialPaths | null;
}

/**
 * The broker's key material under the state directory, created where missing: the
 * network CA, the broker's server and client certificates and, for a demo, one partner.
 * Existing material is never replaced; rotation is the key tool's job.
 *
 * @example
 * const paths = await ensureBrokerKeys(config, new Date());
 */
export async function ensureBrokerKeys(
  options: BrokerKeysOptions,
  now: Date,
): Promise<BrokerKeyPaths> {
  const authority = new NetworkAuthority(join(options.stateDir, 'keys'), options.network);
  const specs: LeafSpec[] = [
    { kind: 'broker-server', organisation: BROKER_ORGANISATION, hosts: options.tlsHosts },
    { kind: 'broker-client', organisation: BROKER_ORGANISATION },
  ];
  if (options.demoPartner !== null) {
    specs.push({ kind: 'partner', organisation: options.demoPartner });
  }
  await authority.ensure(specs, now);
  const paths = (kind: LeafKind, organisation: string): TlsMaterialPaths =>
    leafTlsPaths(authority.layout, kind, organisation);
  return {
    server: paths('broker-server', BROKER_ORGANISATION),
    client: paths('broker-client', BROKER_ORGANISATION),
    revocations: authority.layout.revocations,
    demoPartner: options.demoPartner === null ? null : paths('partner', options.demoPartner),
  };
}
