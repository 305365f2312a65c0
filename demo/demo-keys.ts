import { join } from 'node:path';
import type { ReferencePartnerId } from '../adapters/reference/reference-partners.ts';
import { type LeafSpec, NetworkAuthority } from '../keys/certificates/network-authority.ts';
import { leafTlsPaths, type TlsMaterialPaths } from '../keys/tls/tls-material.ts';

/** Hosts the demo's adapter certificates are valid for: everything runs on this machine. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1'] as const;

export interface DemoKeyPaths {
  /** The network's revocations.json, which the adapters watch like the broker. */
  readonly revocations: string;
  adapter(organisation: ReferencePartnerId): TlsMaterialPaths;
  partner(organisation: string): TlsMaterialPaths;
}

/**
 * The demo's key material in the state directory, issued from the network CA where
 * missing (the CA too, on a fresh state directory) and reused after: a server
 * certificate for each reference adapter and a client certificate for each partner the
 * example cases let act.
 *
 * @example
 * const keys = await ensureDemoKeys('.state', 'bonaire', ['politie-cn'], ['politie-cn'], new Date());
 */
export async function ensureDemoKeys(
  stateDir: string,
  network: string,
  adapters: readonly ReferencePartnerId[],
  partners: readonly string[],
  now: Date,
): Promise<DemoKeyPaths> {
  const authority = new NetworkAuthority(join(stateDir, 'keys'), network);
  const specs: LeafSpec[] = [
    ...adapters.map((organisation) => ({
      kind: 'adapter' as const,
      organisation,
      hosts: LOCAL_HOSTS,
    })),
    ...partners.map((organisation) => ({ kind: 'partner' as const, organisation })),
  ];
  await authority.ensure(specs, now);
  const { layout } = authority;
  const material = (kind: 'adapter' | 'partner', organisation: string): TlsMaterialPaths =>
    leafTlsPaths(layout, kind, organisation);
  return {
    revocations: layout.revocations,
    adapter: (organisation) => material('adapter', organisation),
    partner: (organisation) => material('partner', organisation),
  };
}
