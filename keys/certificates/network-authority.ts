import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeysError } from '../keys-error.ts';
import {
  type RevocationEntry,
  RevocationList,
  type RevocationReason,
} from '../revocation/revocation-list.ts';
import {
  createAuthority,
  type IssuedCertificate,
  issueLeaf,
  type SigningAuthority,
} from './certificate-authority.ts';
import { subjectAttributes } from './certificate-identity.ts';
import { BROKER_ORGANISATION, isServerKind, type LeafKind } from './certificate-profile.ts';
import { generateKeyPair } from './key-pair.ts';
import { type CertificatePaths, type NetworkLayout, networkLayout } from './network-layout.ts';
import type { PersonSubject } from './person-subject.ts';
import { pkcs12Export } from './pkcs12-export.ts';
import { exists, writePrivateKey, writePublicFile } from './secret-files.ts';

const DAY_MS = 86_400_000;
/** A little backdating so a peer whose clock runs slightly behind accepts a fresh certificate. */
const BACKDATE_MS = 5 * 60_000;

export const DEFAULT_AUTHORITY_DAYS = 3650;
export const DEFAULT_LEAF_DAYS = 397;
export const DEFAULT_OVERLAP_DAYS = 14;

export interface LeafSpec {
  readonly kind: LeafKind;
  readonly organisation: string;
  readonly organisationName?: string;
  readonly hosts?: readonly string[];
  /** Only for a personal certificate, which `issuePerson` issues. */
  readonly person?: PersonSubject;
  readonly days?: number;
}

/** An employee's personal certificate, for the workspace in a browser. */
export interface PersonSpec {
  readonly organisation: string;
  readonly organisationName?: string;
  readonly person: PersonSubject;
  readonly days?: number;
}

export interface IssuedLeaf extends CertificatePaths {
  readonly serial: string;
  readonly notAfter: Date;
}

export interface IssuedPerson extends IssuedLeaf {
  /** The key and certificate chain for a browser, encrypted with the passphrase. */
  readonly pkcs12: string;
}

/**
 * One ZVH network's certificate authority on disk: the operations of `npm run keys`.
 * Time is passed in so tests can issue expired certificates and end overlaps.
 *
 * @example
 * const network = new NetworkAuthority('.state/keys', 'bonaire');
 * await network.create(new Date());
 * await network.issue({ kind: 'partner', organisation: 'politie-cn' }, new Date());
 */
export class NetworkAuthority {
  readonly network: string;
  readonly layout: NetworkLayout;

  constructor(keysDir: string, network: string) {
    this.network = network;
    this.layout = networkLayout(keysDir, network);
  }

  exists(): Promise<boolean> {
    return exists(this.layout.authority.certificate);
  }

  async create(now: Date, days = DEFAULT_AUTHORITY_DAYS): Promise<CertificatePaths> {
    if (await this.exists()) {
      throw new KeysError('NETWORK_EXISTS', `network ${this.network} already has a CA`);
    }
    const keys = generateKeyPair();
    const issued = createAuthority({
      network: this.network,
      ...keys,
      ...validity(now, days),
    });
    await writePrivateKey(this.layout.authority.privateKey, keys.privateKeyPem);
    await writePublicFile(this.layout.authority.certificate, issued.certificatePem);
    await this.#writeRevocations(RevocationList.empty(this.network), now);
    await this.#record(issued);
    return this.layout.authority;
  }

  /** Issues a key and certificate for an entity that has none yet. */
  async issue(spec: LeafSpec, now: Date): Promise<IssuedLeaf> {
    if (spec.kind === 'person')
      throw new TypeError('a personal certificate comes from issuePerson');
    const paths = this.layout.leaf(spec.kind, spec.organisation);
    if (await exists(paths.certificate)) {
      throw new KeysError(
        'CERTIFICATE_EXISTS',
        `${describe(spec.kind, spec.organisation)} already has a certificate: rotate it instead`,
      );
    }
    return this.#issueInto(paths, spec, now);
  }

  /**
   * Issues an employee's personal certificate and its PKCS#12 export (mode 0600, like the
   * key beside it). One per employee of an organisation: to replace it, revoke it with
   * `revokePerson` and issue again, so that a lost browser profile is refused at once.
   */
  async issuePerson(spec: PersonSpec, passphrase: string, now: Date): Promise<IssuedPerson> {
    const paths = this.layout.person(spec.organisation, spec.person.userId);
    if (await exists(paths.certificate)) {
      const revoked = (await this.revocations()).revokedAt(
        new X509Certificate(await readFile(paths.certificate)).serialNumber,
        now,
      );
      if (revoked === undefined) {
        throw new KeysError(
          'CERTIFICATE_EXISTS',
          `person ${spec.person.userId} of ${spec.organisation} already has a certificate: revoke it first`,
        );
      }
    }
    const issued = await this.#issueInto(paths, { ...spec, kind: 'person' }, now);
    const pkcs12 = pkcs12Export({
      certificatePem: await readFile(issued.certificate, 'utf8'),
      privateKeyPem: await readFile(issued.privateKey, 'utf8'),
      authorityPem: await readFile(this.layout.authority.certificate, 'utf8'),
      friendlyName: `${spec.person.displayName} (${spec.organisation}, ZVH ${this.network})`,
      passphrase,
    });
    await writePrivateKey(paths.pkcs12, pkcs12);
    return { ...issued, pkcs12: paths.pkcs12 };
  }

  /** Refuses an employee's personal certificate from now on: a lost laptop, a change of job. */
  async revokePerson(
    organisation: string,
    userId: string,
    reason: RevocationReason,
    now: Date,
  ): Promise<RevocationEntry> {
    const paths = this.layout.person(organisation, userId);
    if (!(await exists(paths.certificate))) {
      throw new KeysError(
        'CERTIFICATE_MISSING',
        `person ${userId} of ${organisation} has no certificate`,
      );
    }
    return this.#mark(new X509Certificate(await readFile(paths.certificate)), reason, now, now);
  }

  /**
   * Replaces an entity's key and certificate, keeping its subject and hosts. The old
   * certificate stays valid for `overlapDays` so the entity can switch without downtime,
   * then it is refused.
   */
  async rotate(
    kind: LeafKind,
    organisation: string,
    now: Date,
    overlapDays = DEFAULT_OVERLAP_DAYS,
    days = DEFAULT_LEAF_DAYS,
  ): Promise<IssuedLeaf> {
    const current = await this.#readLeaf(kind, organisation);
    const name = subjectAttributes(current).get('O')?.[0];
    const hosts = alternativeNames(current);
    const spec: LeafSpec = {
      kind,
      organisation,
      days,
      ...(name === undefined ? {} : { organisationName: name }),
      ...(hosts.length === 0 ? {} : { hosts }),
    };
    await this.#mark(current, 'superseded', new Date(now.getTime() + overlapDays * DAY_MS), now);
    return this.#issueInto(
      this.layout.leaf(kind, organisation),
      spec,
      now,
      this.layout.retired(kind, organisation, current.serialNumber),
    );
  }

  /** Refuses a certificate from now on. */
  async revokeSerial(
    serial: string,
    reason: RevocationReason,
    now: Date,
  ): Promise<RevocationEntry> {
    const path = join(this.layout.issued, `${serial.toUpperCase()}.pem`);
    if (!(await exists(path))) {
      throw new KeysError('SERIAL_UNKNOWN', `no certificate with serial ${serial} was issued here`);
    }
    return this.#mark(new X509Certificate(await readFile(path)), reason, now, now);
  }

  /** Refuses an entity's current certificate from now on, for example when a partner leaves. */
  async revokeCurrent(
    kind: LeafKind,
    organisation: string,
    reason: RevocationReason,
    now: Date,
  ): Promise<RevocationEntry> {
    return this.#mark(await this.#readLeaf(kind, organisation), reason, now, now);
  }

  async revocations(): Promise<RevocationList> {
    return RevocationList.parse(await readFile(this.layout.revocations, 'utf8'));
  }

  /** Creates what a broker needs and does not have yet; leaves existing material alone. */
  async ensure(specs: readonly LeafSpec[], now: Date): Promise<void> {
    if (!(await this.exists())) await this.create(now);
    for (const spec of specs) {
      const paths = this.layout.leaf(spec.kind, spec.organisation);
      if (!(await exists(paths.certificate))) await this.issue(spec, now);
    }
  }

  async #issueInto(
    paths: CertificatePaths,
    spec: LeafSpec,
    now: Date,
    retireTo?: CertificatePaths,
  ): Promise<IssuedLeaf> {
    const authority = await this.#authority();
    const keys = generateKeyPair();
    const period = validity(now, spec.days ?? DEFAULT_LEAF_DAYS);
    const issued = issueLeaf(authority, {
      kind: spec.kind,
      organisation: spec.organisation,
      commonName: commonName(spec),
      ...(spec.organisationName === undefined ? {} : { organisationName: spec.organisationName }),
      ...(spec.hosts === undefined ? {} : { hosts: spec.hosts }),
      ...(spec.person === undefined
        ? {}
        : { person: { userId: spec.person.userId, role: spec.person.role } }),
      publicKeyPem: keys.publicKeyPem,
      ...period,
    });
    await this.#record(issued);
    if (retireTo !== undefined) {
      await writePrivateKey(retireTo.privateKey, await readFile(paths.privateKey, 'utf8'));
      await writePublicFile(retireTo.certificate, await readFile(paths.certificate, 'utf8'));
    }
    // Key before certificate: a watcher reloads on the certificate and must find its key.
    await writePrivateKey(paths.privateKey, keys.privateKeyPem);
    await writePublicFile(paths.certificate, issued.certificatePem);
    return { ...paths, serial: issued.serial, notAfter: period.notAfter };
  }

  async #authority(): Promise<SigningAuthority> {
    if (!(await this.exists())) {
      throw new KeysError(
        'NETWORK_MISSING',
        `network ${this.network} has no CA yet: run \`keys create-network ${this.network}\``,
      );
    }
    return {
      certificatePem: await readFile(this.layout.authority.certificate, 'utf8'),
      privateKeyPem: await readFile(this.layout.authority.privateKey, 'utf8'),
    };
  }

  async #readLeaf(kind: LeafKind, organisation: string): Promise<X509Certificate> {
    const paths = this.layout.leaf(kind, organisation);
    if (!(await exists(paths.certificate))) {
      throw new KeysError(
        'CERTIFICATE_MISSING',
        `${describe(kind, organisation)} has no certificate`,
      );
    }
    return new X509Certificate(await readFile(paths.certificate));
  }

  async #mark(
    certificate: X509Certificate,
    reason: RevocationReason,
    effectiveAt: Date,
    now: Date,
  ): Promise<RevocationEntry> {
    const entry: RevocationEntry = {
      serial: certificate.serialNumber,
      subject: certificate.subject.replaceAll('\n', ', '),
      reason,
      effectiveAt: effectiveAt.toISOString(),
    };
    const existing = (await this.revocations()).get(entry.serial);
    // A rotation's later date must never postpone an earlier revocation.
    if (existing !== undefined && Date.parse(existing.effectiveAt) <= effectiveAt.getTime()) {
      return existing;
    }
    await this.#writeRevocations((await this.revocations()).with(entry), now);
    return entry;
  }

  async #record(issued: IssuedCertificate): Promise<void> {
    await writePublicFile(join(this.layout.issued, `${issued.serial}.pem`), issued.certificatePem);
  }

  async #writeRevocations(list: RevocationList, now: Date): Promise<void> {
    await writePublicFile(
      this.layout.revocations,
      `${JSON.stringify(list.toJson(now), null, 2)}\n`,
    );
  }
}

function alternativeNames(certificate: X509Certificate): string[] {
  return (certificate.subjectAltName ?? '')
    .split(', ')
    .map((name) => name.replace(/^(DNS|IP Address):/, ''))
    .filter((name) => name.length > 0);
}

function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + days * DAY_MS),
  };
}

function commonName(spec: LeafSpec): string {
  if (spec.person !== undefined) return spec.person.displayName;
  if (isServerKind(spec.kind)) return spec.hosts?.[0] ?? spec.organisation;
  return spec.kind === 'broker-client' ? BROKER_ORGANISATION : spec.organisation;
}

function describe(kind: LeafKind, organisation: string): string {
  return kind.startsWith('broker') ? kind : `${kind} ${organisation}`;
}
