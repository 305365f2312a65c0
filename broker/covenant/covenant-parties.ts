import type { Kysely } from 'kysely';
import type { Clock } from '../../keys/clock.ts';
import { PartnerUnknownError } from '../errors/broker-error.ts';
import type { Database } from '../store/database.ts';
import { readCovenantContent } from './covenant-content.ts';
import { CovenantNotInForceError, PartnerNotSignatoryError } from './covenant-errors.ts';

/**
 * The id of the covenant version the active policy bundle implements for a network, or
 * null: `policy.covenantVersionId`. Asked on every use, since the bundle can change.
 */
export type ActiveCovenantLookup = (network: string) => string | null;

/** A version's partners and validity, as its (unchangeable) content states them. */
interface VersionTerms {
  readonly id: string;
  readonly label: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly partners: ReadonlyMap<string, { readonly name: string; readonly domain: string }>;
}

export type PartyStatus =
  | { readonly status: 'party'; readonly version: string }
  | { readonly status: 'not_signatory'; readonly version: string }
  | { readonly status: 'no_covenant'; readonly reason: string };

/** A partner of the version in force, and whether it is a party now. */
export interface CovenantPartner {
  readonly organisation: string;
  readonly name: string;
  readonly domain: string;
  readonly party: boolean;
}

/**
 * Who is a party to a network's covenant at a moment: the one rule registration, every
 * case route, the participants and the policy's `signatories` follow.
 *
 * An organisation is a party at `t` when the covenant version of the active policy bundle
 * has been proposed here, `not_before <= t < not_after`, the version names it among its
 * partners, and its latest decision about that version recorded at or before `t` is an
 * acceptance. Nothing is cached but a version's terms, which cannot change (its id is the
 * digest of its content): a decision counts from the moment it commits, and a new bundle
 * from the moment it is active.
 */
export class CovenantParties {
  readonly #db: Kysely<Database>;
  readonly #active: ActiveCovenantLookup;
  readonly #clock: Clock;
  readonly #terms = new Map<string, VersionTerms>();

  constructor(db: Kysely<Database>, active: ActiveCovenantLookup, clock: Clock) {
    this.#db = db;
    this.#active = active;
    this.#clock = clock;
  }

  /** The store's time: the time registrations and decisions are recorded at. */
  now(): Date {
    return this.#clock.now();
  }

  /**
   * @example
   * const { status } = await parties.partyStatus('bonaire', 'politie-cn');
   */
  async partyStatus(
    network: string,
    organisation: string,
    at: Date = this.#clock.now(),
    db: Kysely<Database> = this.#db,
  ): Promise<PartyStatus> {
    const inForce = await this.#inForce(db, network, at);
    if ('reason' in inForce) return { status: 'no_covenant', reason: inForce.reason };
    const { terms } = inForce;
    if (!terms.partners.has(organisation)) return { status: 'not_signatory', version: terms.id };
    const latest = await db
      .selectFrom('covenant_decisions')
      .select('decision')
      .where('version_id', '=', terms.id)
      .where('organisation_id', '=', organisation)
      .where('recorded_at', '<=', at.toISOString())
      .orderBy('position', 'desc')
      .executeTakeFirst();
    return {
      status: latest?.decision === 'accept' ? 'party' : 'not_signatory',
      version: terms.id,
    };
  }

  /**
   * The caller's organisation must be a party: PartnerNotSignatoryError, or
   * CovenantNotInForceError when no version is in force (both 403).
   */
  async requireParty(
    network: string,
    organisation: string,
    at: Date = this.#clock.now(),
    db: Kysely<Database> = this.#db,
  ): Promise<void> {
    const status = await this.partyStatus(network, organisation, at, db);
    if (status.status === 'no_covenant') throw new CovenantNotInForceError(network, status.reason);
    if (status.status === 'not_signatory')
      throw new PartnerNotSignatoryError(organisation, network);
  }

  /**
   * An organisation a request names (a participant, a recipient, a provider) must be a
   * party: otherwise the request names no partner of the network, PartnerUnknownError.
   */
  async requireNamedParty(
    db: Kysely<Database>,
    network: string,
    organisation: string,
    at: Date = this.#clock.now(),
  ): Promise<void> {
    const status = await this.partyStatus(network, organisation, at, db);
    if (status.status !== 'party') throw new PartnerUnknownError(organisation, network);
  }

  /**
   * The organisations with a standing acceptance, at `at`, of the version the active
   * bundle implements: the policy input's `signatories`. The validity dates are the
   * policy's to check (COVENANT_NOT_IN_FORCE), so they are not applied here.
   */
  async signatories(
    network: string,
    at: Date,
    db: Kysely<Database> = this.#db,
    version: string | null = this.#active(network),
  ): Promise<string[]> {
    const id = version;
    if (id === null) return [];
    const terms = await this.#termsOf(db, network, id);
    if (terms === undefined) return [];
    const rows = await db
      .selectFrom('covenant_decisions')
      .select(['organisation_id', 'decision'])
      .where('version_id', '=', id)
      .where('recorded_at', '<=', at.toISOString())
      .orderBy('organisation_id')
      .orderBy('position')
      .execute();
    const latest = new Map(rows.map((row) => [row.organisation_id, row.decision]));
    return [...latest]
      .filter(
        ([organisation, decision]) => decision === 'accept' && terms.partners.has(organisation),
      )
      .map(([organisation]) => organisation);
  }

  /** The partners the version in force names, each with whether it is a party at `at`. */
  async partners(network: string, at: Date = this.#clock.now()): Promise<CovenantPartner[]> {
    const inForce = await this.#inForce(this.#db, network, at);
    if ('reason' in inForce) return [];
    const parties = new Set(await this.signatories(network, at));
    return [...inForce.terms.partners]
      .map(([organisation, partner]) => ({
        organisation,
        name: partner.name,
        domain: partner.domain,
        party: parties.has(organisation),
      }))
      .sort((a, b) => a.organisation.localeCompare(b.organisation));
  }

  /** The id of the version the active policy bundle implements, proposed or not. */
  activeVersion(network: string): string | null {
    return this.#active(network);
  }

  /** The id of the version in force at `at`, or null. */
  async versionInForce(network: string, at: Date = this.#clock.now()): Promise<string | null> {
    const inForce = await this.#inForce(this.#db, network, at);
    return 'reason' in inForce ? null : inForce.terms.id;
  }

  async #inForce(
    db: Kysely<Database>,
    network: string,
    at: Date,
  ): Promise<{ terms: VersionTerms } | { reason: string }> {
    const id = this.#active(network);
    if (id === null) return { reason: 'the active policy bundle has no covenant for it' };
    const terms = await this.#termsOf(db, network, id);
    if (terms === undefined) {
      return {
        reason: `the policy's covenant version ${id} has not been proposed to the partners`,
      };
    }
    const now = at.toISOString();
    if (now < terms.notBefore)
      return { reason: `${terms.label} is in force from ${terms.notBefore}` };
    if (now >= terms.notAfter) return { reason: `${terms.label} ended at ${terms.notAfter}` };
    return { terms };
  }

  async #termsOf(
    db: Kysely<Database>,
    network: string,
    id: string,
  ): Promise<VersionTerms | undefined> {
    const key = `${network} ${id}`;
    const known = this.#terms.get(key);
    if (known !== undefined) return known;
    const row = await db
      .selectFrom('covenant_versions')
      .select(['id', 'label', 'content', 'not_before', 'not_after'])
      .where('network_id', '=', network)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const content = readCovenantContent(JSON.parse(row.content));
    const terms: VersionTerms = {
      id: row.id,
      label: row.label,
      notBefore: row.not_before,
      notAfter: row.not_after,
      partners: new Map(Object.entries(content.partners)),
    };
    // Only a committed row may be remembered: one read inside a transaction could still
    // be rolled back. Rows never change, so a committed one holds for good.
    if (db === this.#db) this.#terms.set(key, terms);
    return terms;
  }
}
