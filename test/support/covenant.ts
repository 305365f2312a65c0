import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CovenantDecision } from '../../adapters/contract/covenant-decision.ts';
import { signCovenantDecision } from '../../adapters/partner-client/covenant-decision-signer.ts';
import { bundleCovenantIds } from '../../broker/covenant/bundle-covenants.ts';
import type { ActiveCovenantLookup } from '../../broker/covenant/covenant-parties.ts';
import type { CovenantVersion } from '../../broker/covenant/covenant-register.ts';
import { verifyCovenantDecision } from '../../broker/covenant/decision-signature.ts';
import type { BrokerStore } from '../../broker/store/broker-store.ts';
import type { Clock } from '../../keys/clock.ts';
import { ApiClient } from './api-client.ts';
import { createNetwork, type Holder } from './certificates.ts';

/** The committed policy bundle's data, as the broker loads it. */
const BUNDLE_DATA = JSON.parse(await readFile('policies/bundle/data.json', 'utf8')) as {
  zvh: { covenants: Record<string, Record<string, unknown>> };
};

/** The covenant content of a network in the committed bundle. */
export function bundleCovenant(network = 'bonaire'): Record<string, unknown> {
  const content = BUNDLE_DATA.zvh.covenants[network];
  if (content === undefined) throw new TypeError(`the bundle has no covenant for ${network}`);
  return structuredClone(content);
}

/** The covenant version id per network of the committed bundle, as its engine computes them. */
export const BUNDLE_COVENANT_IDS = bundleCovenantIds(BUNDLE_DATA);

/** What the broker's engine answers for the committed bundle: the store's covenant lookup in tests. */
export const BUNDLE_COVENANT: ActiveCovenantLookup = (network) =>
  BUNDLE_COVENANT_IDS.get(network) ?? null;

/** The process director who proposes the test network's covenant. */
export const PROPOSER = {
  organisation: 'zvh-bonaire',
  user: 'procesregisseur-1',
  role: 'process_director',
} as const;

export interface SignerKey {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** Bump when the way signers are made changes, so no stale copy is reused. */
const SIGNERS_DIR = join(tmpdir(), 'zvh-test-covenant-signers-v1');

let signers: Promise<ReadonlyMap<string, SignerKey>> | undefined;

/**
 * A partner certificate and key for every partner of the committed covenant, to sign the
 * acceptances a test database starts with. RSA key generation takes over a second for all
 * of them, so they are made once per machine and kept in the temporary directory (test keys
 * of a throwaway CA, never a network's); each file then only reads them.
 */
export function covenantSigners(): Promise<ReadonlyMap<string, SignerKey>> {
  signers ??= loadOrMakeSigners(Object.keys(bundleCovenant().partners as object));
  return signers;
}

async function loadOrMakeSigners(organisations: readonly string[]) {
  const complete = () =>
    organisations.every((organisation) => existsSync(join(SIGNERS_DIR, `${organisation}.key.pem`)));
  if (!complete()) {
    const scratch = `${SIGNERS_DIR}.${randomBytes(6).toString('hex')}`;
    const network = await createNetwork('signers');
    try {
      await mkdir(scratch, { recursive: true });
      for (const organisation of organisations) {
        const holder = await network.issue('partner', organisation, new Date(), 3650);
        await writeFile(join(scratch, `${organisation}.cert.pem`), holder.cert);
        await writeFile(join(scratch, `${organisation}.key.pem`), holder.key, { mode: 0o600 });
      }
      await rm(SIGNERS_DIR, { recursive: true, force: true });
      // Another worker may have put its copy in place meanwhile: either copy serves.
      await rename(scratch, SIGNERS_DIR).catch(() => rm(scratch, { recursive: true, force: true }));
    } finally {
      await network.remove();
    }
  }
  const keys = new Map<string, SignerKey>();
  for (const organisation of organisations) {
    keys.set(organisation, {
      certificatePem: await readFile(join(SIGNERS_DIR, `${organisation}.cert.pem`), 'utf8'),
      privateKeyPem: await readFile(join(SIGNERS_DIR, `${organisation}.key.pem`), 'utf8'),
    });
  }
  return keys;
}

/**
 * Records one organisation's signed decision through the store, as the decisions route
 * does once the connection's certificate is known: signed now by the store's clock.
 */
export async function recordSignedDecision(
  store: BrokerStore,
  clock: Clock,
  signer: SignerKey,
  version: string,
  decision: CovenantDecision,
  network = 'bonaire',
): Promise<void> {
  const now = clock.now();
  const jws = await signCovenantDecision(signer, { network, version, decision, signedAt: now });
  const verified = await verifyCovenantDecision(
    jws,
    new X509Certificate(signer.certificatePem),
    network,
    now,
  );
  await store.covenants.recordDecision(verified, {
    organisation: verified.organisation,
    user: 'covenant-signer',
  });
}

/**
 * The committed bundle's covenant (or `content`) proposed and accepted, with a real
 * signature, by every partner it names except `except`: the state every test starts from,
 * so that its organisations are parties as before covenants were versions.
 */
export async function seedAcceptedCovenant(
  store: BrokerStore,
  clock: Clock,
  options: {
    readonly except?: readonly string[];
    readonly network?: string;
    readonly content?: Record<string, unknown>;
  } = {},
): Promise<CovenantVersion> {
  const network = options.network ?? 'bonaire';
  const version = await store.covenants.propose(
    network,
    options.content ?? bundleCovenant(),
    PROPOSER,
    'zvh-bonaire',
  );
  const named = new Set(Object.keys(version.content.partners));
  for (const [organisation, key] of await covenantSigners()) {
    if (!named.has(organisation) || options.except?.includes(organisation)) continue;
    await recordSignedDecision(store, clock, key, version.id, 'accept', network);
  }
  return version;
}

/**
 * A broker on a fresh database, as an operator brings it up: its process director proposes
 * the committed bundle's covenant, and each organisation of `holders` accepts it over the
 * API with its own partner certificate and key. Safe to repeat: what was done stays done.
 */
export async function acceptCovenantOverApi(
  url: string,
  holders: Readonly<Record<string, Holder>>,
): Promise<void> {
  const client = new ApiClient(url);
  const director = holders[PROPOSER.organisation];
  if (director === undefined) throw new TypeError('the process direction needs a certificate');
  const proposed = await client.call(
    {
      organisation: PROPOSER.organisation,
      holder: director,
      user: PROPOSER.user,
      role: 'process_director',
    },
    'POST',
    '/v1/covenant/versions',
    bundleCovenant(),
  );
  if (proposed.status !== 201 && proposed.status !== 409) {
    throw new Error(`proposing the covenant: ${proposed.status} ${proposed.text}`);
  }
  const version = BUNDLE_COVENANT('bonaire') ?? '';
  for (const [organisation, holder] of Object.entries(holders)) {
    const jws = await signCovenantDecision(
      { certificatePem: holder.cert, privateKeyPem: holder.key },
      { network: 'bonaire', version, decision: 'accept' },
    );
    const decided = await client.call(
      { organisation, holder, user: `${organisation}-signer`, role: 'case_participant' },
      'POST',
      `/v1/covenant/versions/${version}/decisions`,
      { jws },
    );
    if (decided.status !== 201 && decided.status !== 409) {
      throw new Error(`${organisation} accepting the covenant: ${decided.status} ${decided.text}`);
    }
  }
}
