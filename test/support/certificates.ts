import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LeafKind } from '../../keys/certificates/certificate-profile.ts';
import { NetworkAuthority } from '../../keys/certificates/network-authority.ts';
import type { CertificatePaths } from '../../keys/certificates/network-layout.ts';

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

/** A network CA in a temporary directory, and the certificates it issues. */
export interface Network {
  readonly dir: string;
  readonly authority: NetworkAuthority;
  /** The network CA certificate (PEM). */
  readonly ca: string;
  issue(kind: LeafKind, organisation: string, now?: Date, days?: number): Promise<Holder>;
  /** A directory in the network's own, for the state of one adapter. */
  stateDir(name: string): string;
  remove(): Promise<void>;
}

/** A fresh CA in a temporary directory; nothing of it is ever committed. */
export async function createNetwork(name = 'testnet'): Promise<Network> {
  const dir = await mkdtemp(join(tmpdir(), 'zvh-network-'));
  const authority = new NetworkAuthority(join(dir, 'keys'), name);
  await authority.create(new Date());
  return {
    dir,
    authority,
    ca: await readFile(authority.layout.authority.certificate, 'utf8'),
    async issue(kind, organisation, now = new Date(), days = 30) {
      const hosts =
        kind === 'broker-server' || kind === 'adapter' ? ['localhost', '127.0.0.1'] : [];
      const issued = await authority.issue(
        { kind, organisation, days, ...(hosts.length > 0 ? { hosts } : {}) },
        now,
      );
      return holder(authority, issued);
    },
    stateDir: (name) => join(dir, 'state', name),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
