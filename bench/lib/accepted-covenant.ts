import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { signCovenantDecision } from '../../adapters/partner-client/covenant-decision-signer.ts';
import type { PartnerClient } from '../../adapters/partner-client/partner-client.ts';
import { coordinatorOf, readCovenantContent } from '../../broker/covenant/covenant-content.ts';
import { covenantVersionId } from '../../broker/covenant/covenant-id.ts';
import { verifyCovenantDecision } from '../../broker/covenant/decision-signature.ts';
import type { BrokerStore } from '../../broker/store/broker-store.ts';
import type { TlsMaterial } from '../../keys/tls/tls-material.ts';
import { AUDIENCE, NETWORK } from '../exchange/network.ts';
import { benchPartner } from '../exchange/partner.ts';

/** An organisation's partner certificate and key on the bench network: it signs with them. */
export type PartnerMaterial = (organisation: string) => Promise<TlsMaterial>;

/** The bundle the broker loads by default (BROKER_POLICY_BUNDLE) and the benches open. */
const BUNDLE_DATA = fileURLToPath(new URL('../../policies/bundle/data.json', import.meta.url));
const PROPOSER_USER = 'procesregisseur-1';

interface BundleCovenant {
  readonly content: Record<string, unknown>;
  readonly id: string;
  /** Its process direction, the only organisation that may propose it. */
  readonly coordinator: string;
}

async function bundleCovenant(): Promise<BundleCovenant> {
  const data = JSON.parse(await readFile(BUNDLE_DATA, 'utf8')) as {
    zvh?: { covenants?: Record<string, Record<string, unknown>> };
  };
  const content = data.zvh?.covenants?.[NETWORK];
  if (content === undefined) throw new TypeError(`the policy bundle has no covenant of ${NETWORK}`);
  return {
    content,
    id: covenantVersionId(content),
    coordinator: coordinatorOf(readCovenantContent(content)),
  };
}

async function created(what: string, client: PartnerClient, path: string, body: unknown) {
  const answer = await client.request('POST', path, body);
  if (answer.status !== 201) throw new Error(`${what}: ${answer.status} ${answer.body}`);
}

/**
 * A broker process on a fresh database, brought up as its operator would: through its API
 * the process director proposes the covenant of the bundle it runs, and each of `partners`
 * accepts it with a JWS signed by its own partner key, over a connection with that
 * partner certificate. From then on they are parties, so the bench's cases and exchanges
 * pass the policy's covenant checks. Returns the version id.
 */
export async function acceptCovenantOverApi(
  broker: string,
  material: PartnerMaterial,
  partners: readonly string[],
): Promise<string> {
  const covenant = await bundleCovenant();
  const caller = async (
    organisation: string,
    user: string,
    role: 'process_director' | 'case_participant',
  ) => benchPartner(await material(organisation), AUDIENCE, broker, { id: user, name: user, role });
  const director = await caller(covenant.coordinator, PROPOSER_USER, 'process_director');
  try {
    await created('proposing the covenant', director, '/v1/covenant/versions', covenant.content);
  } finally {
    director.close();
  }
  for (const organisation of new Set(partners)) {
    const tls = await material(organisation);
    const signer = await caller(
      organisation,
      `${organisation}-covenant-signer`,
      'case_participant',
    );
    try {
      const jws = await signCovenantDecision(
        { certificatePem: tls.cert, privateKeyPem: tls.key },
        { network: NETWORK, version: covenant.id, decision: 'accept' },
      );
      await created(
        `${organisation} accepting the covenant`,
        signer,
        `/v1/covenant/versions/${covenant.id}/decisions`,
        { jws },
      );
    } finally {
      signer.close();
    }
  }
  return covenant.id;
}

/**
 * The same for a bench that drives a store in process: the bundle's covenant proposed by
 * its process director and each of `partners`' signed acceptance verified as the
 * decisions route verifies it, then recorded. The store must have been opened with the
 * bundle's `activeCovenant` lookup for the acceptances to make parties.
 */
export async function acceptCovenantInStore(
  store: BrokerStore,
  material: PartnerMaterial,
  partners: readonly string[],
): Promise<string> {
  const covenant = await bundleCovenant();
  const version = await store.covenants.propose(
    NETWORK,
    covenant.content,
    { organisation: covenant.coordinator, user: PROPOSER_USER, role: 'process_director' },
    covenant.coordinator,
  );
  for (const organisation of new Set(partners)) {
    const tls = await material(organisation);
    const signedAt = new Date();
    const jws = await signCovenantDecision(
      { certificatePem: tls.cert, privateKeyPem: tls.key },
      { network: NETWORK, version: version.id, decision: 'accept', signedAt },
    );
    const verified = await verifyCovenantDecision(
      jws,
      new X509Certificate(tls.cert),
      NETWORK,
      signedAt,
    );
    await store.covenants.recordDecision(verified, {
      organisation,
      user: `${organisation}-covenant-signer`,
    });
  }
  return version.id;
}
