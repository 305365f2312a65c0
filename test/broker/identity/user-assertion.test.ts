import { createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAssertionSigner } from '../../../adapters/partner-client/user-assertion-signer.ts';
import { BrokerError } from '../../../broker/errors/broker-error.ts';
import { AssertionVerifier } from '../../../broker/identity/assertion-verifier.ts';
import { BrokerStore } from '../../../broker/store/broker-store.ts';
import { ASSERTION_TYPE } from '../../../keys/assertion/user-assertion.ts';
import {
  type CertificateIdentity,
  certificateIdentity,
  certificateThumbprint,
} from '../../../keys/certificates/certificate-identity.ts';
import { createNetwork, type Holder, type Network } from '../../support/certificates.ts';
import { AUDIENCE } from '../../support/test-broker.ts';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const IAT = Math.floor(NOW.getTime() / 1000);

let network: Network;
/** Holds the replay cache; every token of this file has an id of its own. */
let store: BrokerStore;
let politie: Holder;
let jeugdzorg: Holder;
let peer: CertificateIdentity;

function identityOf(holder: Holder): CertificateIdentity {
  const identity = certificateIdentity(new X509Certificate(holder.cert));
  if (identity === undefined) throw new Error('fixture certificate names no organisation');
  return identity;
}

function verifier(): AssertionVerifier {
  return new AssertionVerifier({
    audience: AUDIENCE,
    replayCache: store.replays,
    clock: { now: () => NOW },
  });
}

interface Overrides {
  readonly key?: string;
  readonly iss?: string;
  readonly aud?: string;
  readonly iat?: number;
  readonly exp?: number;
  readonly jti?: string;
  readonly thumbprintOf?: string;
  readonly claims?: Record<string, unknown>;
  readonly typ?: string;
}

/** A politie-cn assertion with one thing changed, signed with jose directly. */
function token(overrides: Overrides = {}): Promise<string> {
  const iat = overrides.iat ?? IAT;
  return new SignJWT({
    name: 'R. Martis',
    zvh_role: 'case_participant',
    cnf: {
      'x5t#S256': certificateThumbprint(
        new X509Certificate(overrides.thumbprintOf ?? politie.cert),
      ),
    },
    ...overrides.claims,
  })
    .setProtectedHeader({ alg: 'PS256', typ: overrides.typ ?? ASSERTION_TYPE })
    .setIssuer(overrides.iss ?? 'politie-cn')
    .setSubject('u-17')
    .setAudience(overrides.aud ?? AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(overrides.exp ?? iat + 60)
    .setJti(overrides.jti ?? randomUUID())
    .sign(createPrivateKey(overrides.key ?? politie.key));
}

async function refusalCode(jwt: string, v = verifier()): Promise<string> {
  try {
    await v.verify(jwt, peer);
  } catch (error) {
    if (error instanceof BrokerError) return error.code;
    throw error;
  }
  return 'ACCEPTED';
}

beforeAll(async () => {
  store = await BrokerStore.open({
    databaseUrl: 'sqlite::memory:',
    identifierSecret: new Uint8Array(32),
  });
  network = await createNetwork();
  politie = await network.issue('partner', 'politie-cn');
  jeugdzorg = await network.issue('partner', 'jeugdzorg-cn');
  peer = identityOf(politie);
});

afterAll(async () => {
  await store?.close();
  await network?.remove();
});

describe('a user assertion', () => {
  it('made by the partner client is accepted, with the user and role it names', async () => {
    const signer = UserAssertionSigner.create({
      certificatePem: politie.cert,
      privateKeyPem: politie.key,
      audience: AUDIENCE,
    });
    const jwt = await signer.sign({ id: 'u-17', name: 'R. Martis', role: 'privacy_officer' }, NOW);
    await expect(verifier().verify(jwt, peer)).resolves.toMatchObject({
      organisation: 'politie-cn',
      userId: 'u-17',
      displayName: 'R. Martis',
      role: 'privacy_officer',
    });
  });

  it('is refused with a distinct code for each way it can be wrong', async () => {
    const replayed = await token();
    const once = verifier();
    await once.verify(replayed, peer);
    const codes = {
      signature: await refusalCode(await token({ key: jeugdzorg.key })),
      audience: await refusalCode(await token({ aud: 'urn:zvh-broker:another-network' })),
      expired: await refusalCode(await token({ iat: IAT - 600, exp: IAT - 540 })),
      issuer: await refusalCode(await token({ iss: 'jeugdzorg-cn' })),
      replay: await refusalCode(replayed, once),
      binding: await refusalCode(await token({ thumbprintOf: jeugdzorg.cert })),
      lifetime: await refusalCode(await token({ exp: IAT + 301 })),
    };
    expect(codes).toEqual({
      signature: 'ASSERTION_INVALID_SIGNATURE',
      audience: 'ASSERTION_WRONG_AUDIENCE',
      expired: 'ASSERTION_EXPIRED',
      issuer: 'ASSERTION_ISSUER_MISMATCH',
      replay: 'ASSERTION_REPLAYED',
      binding: 'ASSERTION_CERT_BINDING_MISMATCH',
      lifetime: 'ASSERTION_LIFETIME_TOO_LONG',
    });
    expect(new Set(Object.values(codes)).size).toBe(Object.keys(codes).length);
  });

  it('of another partner is refused on this partner certificate even when self-consistent', async () => {
    const theirs = await token({
      key: jeugdzorg.key,
      iss: 'jeugdzorg-cn',
      thumbprintOf: jeugdzorg.cert,
    });
    expect(await refusalCode(theirs)).toBe('ASSERTION_INVALID_SIGNATURE');
  });

  it('without binding, role or the explicit type is malformed', async () => {
    expect(await refusalCode(await token({ claims: { cnf: undefined } }))).toBe(
      'ASSERTION_CERT_BINDING_MISMATCH',
    );
    expect(await refusalCode(await token({ claims: { zvh_role: 'steering_group' } }))).toBe(
      'ASSERTION_MALFORMED',
    );
    expect(await refusalCode(await token({ typ: 'JWT' }))).toBe('ASSERTION_MALFORMED');
    expect(await refusalCode('not.a.jwt')).toBe('ASSERTION_MALFORMED');
    expect(await refusalCode(await token({ iat: IAT + 120, exp: IAT + 180 }))).toBe(
      'ASSERTION_MALFORMED',
    );
  });

  it('with alg none is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: ASSERTION_TYPE })).toString(
      'base64url',
    );
    const body = Buffer.from(
      JSON.stringify({ iss: 'politie-cn', sub: 'u', aud: AUDIENCE, iat: IAT, exp: IAT + 60 }),
    ).toString('base64url');
    expect(await refusalCode(`${header}.${body}.`)).toBe('ASSERTION_MALFORMED');
  });
});
