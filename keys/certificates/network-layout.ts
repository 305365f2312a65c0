import { join } from 'node:path';
import type { LeafKind } from './certificate-profile.ts';

export interface CertificatePaths {
  readonly directory: string;
  readonly certificate: string;
  readonly privateKey: string;
}

/**
 * Where one network's material lives under the state directory. Everything here is
 * git-ignored; private keys are written with mode 0600.
 *
 * @example
 * const layout = networkLayout('.state/keys', 'bonaire');
 * layout.leaf('partner', 'politie-cn').certificate; // .state/keys/bonaire/partners/politie-cn/cert.pem
 */
export interface NetworkLayout {
  readonly root: string;
  readonly authority: CertificatePaths;
  readonly revocations: string;
  /** Every certificate ever issued, by serial: the CA's inventory. */
  readonly issued: string;
  leaf(kind: LeafKind, organisation: string): CertificatePaths;
  /** A personal certificate's key, certificate and its PKCS#12 export for a browser. */
  person(organisation: string, userId: string): PersonPaths;
  /** Where a certificate replaced by a rotation waits out its overlap. */
  retired(kind: LeafKind, organisation: string, serial: string): CertificatePaths;
}

export interface PersonPaths extends CertificatePaths {
  readonly pkcs12: string;
}

function leafDirectory(root: string, kind: LeafKind, organisation: string): string {
  switch (kind) {
    case 'partner':
      return join(root, 'partners', organisation);
    case 'adapter':
      return join(root, 'adapters', organisation);
    case 'broker-server':
      return join(root, 'broker', 'server');
    case 'broker-client':
      return join(root, 'broker', 'client');
    // The organisation's folder of personal certificates, one folder per employee in it.
    case 'person':
      return join(root, 'persons', organisation);
  }
}

function pathsIn(directory: string, stem = ''): CertificatePaths {
  return {
    directory,
    certificate: join(directory, `${stem}cert.pem`),
    privateKey: join(directory, `${stem}key.pem`),
  };
}

export function networkLayout(keysDir: string, network: string): NetworkLayout {
  const root = join(keysDir, network);
  return Object.freeze({
    root,
    authority: pathsIn(join(root, 'ca')),
    revocations: join(root, 'revocations.json'),
    issued: join(root, 'issued'),
    leaf: (kind: LeafKind, organisation: string) =>
      pathsIn(leafDirectory(root, kind, organisation)),
    person: (organisation: string, userId: string) => {
      const directory = join(leafDirectory(root, 'person', organisation), userId);
      return { ...pathsIn(directory), pkcs12: join(directory, 'person.p12') };
    },
    retired: (kind: LeafKind, organisation: string, serial: string) =>
      pathsIn(join(leafDirectory(root, kind, organisation), 'retired'), `${serial}.`),
  });
}
