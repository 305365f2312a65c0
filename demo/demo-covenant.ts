import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signCovenantDecision } from '../adapters/partner-client/covenant-decision-signer.ts';
import { covenantVersionId } from '../broker/covenant/covenant-id.ts';
import type { CovenantVersion } from '../broker/covenant/covenant-register.ts';
import { verifyCovenantDecision } from '../broker/covenant/decision-signature.ts';
import type { BrokerStore } from '../broker/store/broker-store.ts';
import type { Clock } from '../keys/clock.ts';
import { earlierClock } from './demo-cases.ts';
import { DEMO_CAST } from './demo-cast.ts';
import type { DemoKeyPaths } from './demo-keys.ts';

export interface DemoCovenant {
  /** The version the policy bundle implements, accepted by every demo partner. */
  readonly inForce: string;
  /** A renewal proposed for after it, accepted by all demo partners but `awaiting`. */
  readonly renewal: string;
  /**
   * The demo partner whose decision about the renewal is left to the printed command; null
   * once it has decided (a restart after trying it).
   */
  readonly awaiting: string | null;
}

export interface DemoCovenantStores {
  /** The broker's store, recording now: the renewal and its decisions. */
  readonly now: BrokerStore;
  /** Recording before the earliest example case: the covenant in force and its acceptances. */
  readonly before: BrokerStore;
  readonly beforeClock: Clock;
  readonly clock: Clock;
}

/** A day before the earliest example case: when the demo's partners accepted the covenant. */
export function beforeTheCases(clock: Clock): Clock {
  const earlier = earlierClock(clock);
  return { now: () => new Date(earlier.now().getTime() - DAY_MS) };
}

const DAY_MS = 86_400_000;

/** The renewal takes over when the covenant in force ends, for four years. */
const RENEWAL_YEARS = 4;

/**
 * The covenant of the demo network as signed content: the policy bundle's version proposed
 * by the process director and accepted by every demo partner with a key (real JWS, each
 * with its own partner key), recorded before the earliest example case so that the
 * registrations of the past find them parties; and a renewal proposed now, accepted by
 * all of them but the police, so that `npm start` shows a pending version and the printed
 * command accepts it. Each step is taken once: a restart finds it done.
 *
 * @example
 * const covenant = await ensureDemoCovenant(stores, 'bonaire', 'policies/bundle', keys, partners);
 */
export async function ensureDemoCovenant(
  stores: DemoCovenantStores,
  network: string,
  bundleDir: string,
  keys: DemoKeyPaths,
  partners: readonly string[],
): Promise<DemoCovenant> {
  const data = JSON.parse(await readFile(join(bundleDir, 'data.json'), 'utf8')) as {
    zvh?: { covenants?: Record<string, Record<string, unknown>> };
  };
  const content = data.zvh?.covenants?.[network];
  if (content === undefined) throw new TypeError(`the policy bundle has no covenant of ${network}`);
  const inForce = await proposedOnce(stores.before, network, content);
  await acceptedBy(stores.before, stores.beforeClock, network, inForce.id, keys, partners);

  const renewalContent = {
    ...content,
    version: `${network}-${new Date(inForce.notAfter).getUTCFullYear()}`,
    not_before: inForce.notAfter,
    not_after: yearsAfter(inForce.notAfter, RENEWAL_YEARS),
  };
  const renewal = await proposedOnce(stores.now, network, renewalContent);
  const police = DEMO_CAST.police.actor.organisation;
  await acceptedBy(
    stores.now,
    stores.clock,
    network,
    renewal.id,
    keys,
    partners.filter((organisation) => organisation !== police),
  );
  const decided = await stores.now.covenants.decisions([renewal.id]);
  const awaiting = decided.some((d) => d.organisation === police) ? null : police;
  return { inForce: inForce.id, renewal: renewal.id, awaiting };
}

async function proposedOnce(
  store: BrokerStore,
  network: string,
  content: Record<string, unknown>,
): Promise<CovenantVersion> {
  const id = covenantVersionId(content);
  const known = (await store.covenants.versions(network)).find((version) => version.id === id);
  if (known !== undefined) return known;
  const { coordinatorOrganisation } = await store.networks.getNetwork(network);
  return store.covenants.propose(
    network,
    content,
    { ...DEMO_CAST.processDirector.actor, role: 'process_director' },
    coordinatorOrganisation,
  );
}

async function acceptedBy(
  store: BrokerStore,
  clock: Clock,
  network: string,
  version: string,
  keys: DemoKeyPaths,
  partners: readonly string[],
): Promise<void> {
  const decided = new Set(
    (await store.covenants.decisions([version])).map((decision) => decision.organisation),
  );
  for (const organisation of new Set(partners)) {
    if (decided.has(organisation)) continue;
    const paths = keys.partner(organisation);
    const certificatePem = await readFile(paths.certificate, 'utf8');
    const signedAt = clock.now();
    const jws = await signCovenantDecision(
      { certificatePem, privateKeyPem: await readFile(paths.privateKey, 'utf8') },
      { network, version, decision: 'accept', signedAt },
    );
    const verified = await verifyCovenantDecision(
      jws,
      new X509Certificate(certificatePem),
      network,
      signedAt,
    );
    await store.covenants.recordDecision(verified, {
      organisation,
      user: `${organisation}-covenant-signer`,
    });
  }
}

function yearsAfter(iso: string, years: number): string {
  const date = new Date(iso);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString();
}
