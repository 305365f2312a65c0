import type { CovenantDecision } from '../../adapters/contract/covenant-decision.ts';
import type { CovenantParties } from './covenant-parties.ts';
import type {
  CovenantRegister,
  CovenantVersion,
  RecordedCovenantDecision,
} from './covenant-register.ts';

/** The two parts of the store a covenant reading needs. */
export interface CovenantReading {
  readonly covenants: CovenantRegister;
  readonly parties: CovenantParties;
}

/** A partner a version names, with its standing decision about that version. */
export interface PartnerStanding {
  readonly organisation: string;
  readonly name: string;
  readonly domain: string;
  /** The organisation's latest decision; null when it has not decided. */
  readonly decision: CovenantDecision | null;
  readonly decidedAt: string | null;
  /** A party now: it accepted, and this version is the one in force. */
  readonly party: boolean;
}

export interface CovenantVersionSummary {
  readonly id: string;
  readonly version: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** The active policy bundle implements it. */
  readonly active: boolean;
  readonly inForce: boolean;
  readonly proposedAt: string;
  readonly proposedBy: { readonly organisation: string; readonly user: string };
  // Plain arrays, as the route's response schema types them.
  readonly purposes: { readonly id: string; readonly title: string }[];
  readonly partners: PartnerStanding[];
}

export interface CovenantOverview {
  readonly network: string;
  readonly inForce: CovenantVersionSummary | null;
  /** Why no version is in force, when none is. */
  readonly notInForceReason: string | null;
  /** Proposed versions that are not in force and have not ended: not active yet, or not begun. */
  readonly pending: CovenantVersionSummary[];
}

/** A version whole: its summary, its content, and every decision about it in recorded order. */
export interface CovenantVersionDetail {
  readonly summary: CovenantVersionSummary;
  readonly version: CovenantVersion;
  readonly decisions: readonly RecordedCovenantDecision[];
}

/**
 * The covenant of a network as `GET /v1/covenant` answers it and the workspace shows it:
 * the version in force, the versions pending and who decided what, at the store's time.
 * `organisation` is the reader's, for the reason no version is in force for it.
 *
 * @example
 * const overview = await covenantOverview(store, 'bonaire', 'politie-cn');
 */
export async function covenantOverview(
  reading: CovenantReading,
  network: string,
  organisation: string,
): Promise<CovenantOverview> {
  const now = reading.parties.now();
  const all = await summaries(reading, network, await reading.covenants.versions(network), now);
  const status = await reading.parties.partyStatus(network, organisation, now);
  return {
    network,
    inForce: all.find((one) => one.summary.inForce)?.summary ?? null,
    notInForceReason: status.status === 'no_covenant' ? status.reason : null,
    pending: all
      .filter((one) => !one.summary.inForce && one.version.notAfter > now.toISOString())
      .map((one) => one.summary),
  };
}

/**
 * One version with its content and its decisions, as `GET /v1/covenant/versions/{id}`.
 *
 * @throws CovenantVersionUnknownError when the network has no such version.
 */
export async function covenantVersionDetail(
  reading: CovenantReading,
  network: string,
  versionId: string,
): Promise<CovenantVersionDetail> {
  return versionDetail(reading, network, await reading.covenants.version(network, versionId));
}

/** The detail of a version already read, e.g. the one just proposed. */
export async function versionDetail(
  reading: CovenantReading,
  network: string,
  version: CovenantVersion,
): Promise<CovenantVersionDetail> {
  const [one] = await summaries(reading, network, [version], reading.parties.now());
  if (one === undefined) throw new TypeError('a summary per version');
  return one;
}

async function summaries(
  reading: CovenantReading,
  network: string,
  versions: readonly CovenantVersion[],
  now: Date,
): Promise<CovenantVersionDetail[]> {
  const decisions = await reading.covenants.decisions(versions.map((v) => v.id));
  const active = reading.parties.activeVersion(network);
  const inForce = await reading.parties.versionInForce(network, now);
  return versions.map((version) => {
    const own = decisions.filter((d) => d.versionId === version.id);
    return { version, decisions: own, summary: summary(version, own, active, inForce) };
  });
}

function summary(
  version: CovenantVersion,
  decisions: readonly RecordedCovenantDecision[],
  active: string | null,
  inForce: string | null,
): CovenantVersionSummary {
  // In recorded order, so the last one of an organisation is its standing decision.
  const standing = new Map(decisions.map((decision) => [decision.organisation, decision]));
  const isInForce = version.id === inForce;
  return {
    id: version.id,
    version: version.label,
    notBefore: version.notBefore,
    notAfter: version.notAfter,
    active: version.id === active,
    inForce: isInForce,
    proposedAt: version.proposedAt,
    proposedBy: version.proposedBy,
    purposes: Object.entries(version.content.purposes).map(([id, purpose]) => ({
      id,
      title: purpose.title,
    })),
    partners: Object.entries(version.content.partners).map(([organisation, partner]) => {
      const latest = standing.get(organisation);
      return {
        organisation,
        name: partner.name,
        domain: partner.domain,
        decision: latest?.decision ?? null,
        decidedAt: latest?.recordedAt ?? null,
        party: isInForce && latest?.decision === 'accept',
      };
    }),
  };
}
