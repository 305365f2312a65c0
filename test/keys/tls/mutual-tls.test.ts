import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAssertionSigner } from '../../../adapters/partner-client/user-assertion-signer.ts';
import { BROKER_ORGANISATION } from '../../../keys/certificates/certificate-profile.ts';
import { httpsGet } from '../../support/https-call.ts';
import {
  AUDIENCE,
  createNetwork,
  type Holder,
  holder,
  type Network,
  startTestBroker,
  type TestBroker,
  testClock,
} from '../../support/identity.ts';

const DAY_MS = 86_400_000;
const clock = testClock(new Date());

let network: Network;
let foreign: Network;
let broker: TestBroker;
let politie: Holder;

function logged(): string {
  return broker.logLines.join('');
}

async function whoami(client: Holder) {
  const signer = UserAssertionSigner.create({
    certificatePem: client.cert,
    privateKeyPem: client.key,
    audience: AUDIENCE,
  });
  const assertion = await signer.sign(
    { id: 'u-17', name: 'R. Martis', role: 'case_director' },
    clock.now(),
  );
  return httpsGet(`${broker.url}/v1/whoami`, {
    ca: client.ca,
    cert: client.cert,
    key: client.key,
    headers: { 'ZVH-Assertion': assertion },
  });
}

beforeAll(async () => {
  network = await createNetwork();
  foreign = await createNetwork();
  broker = await startTestBroker(network, clock);
  politie = await network.issue('partner', 'politie-cn');
});

afterAll(async () => {
  await broker?.running.close();
  await network?.remove();
  await foreign?.remove();
});

describe('the broker API over mutual TLS', () => {
  it('accepts a partner certificate of the network and reads the organisation from it', async () => {
    const response = await whoami(politie);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      organisation: 'politie-cn',
      user: { id: 'u-17', name: 'R. Martis' },
      role: 'case_director',
    });
  });

  it('refuses a client without a certificate in the handshake', async () => {
    await expect(httpsGet(`${broker.url}/v1/whoami`, { ca: politie.ca })).rejects.toThrow(
      /certificate required/,
    );
    expect(logged()).toContain('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
    await expect(httpsGet(`${broker.url}/health`, { ca: politie.ca })).rejects.toThrow();
  });

  it('refuses a certificate from another CA in the handshake', async () => {
    const stranger = await foreign.issue('partner', 'politie-cn');
    await expect(whoami({ ...stranger, ca: politie.ca })).rejects.toThrow(/socket hang up/);
    expect(logged()).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('refuses an expired certificate in the handshake', async () => {
    const expired = await network.issue(
      'partner',
      'om-bes',
      new Date(Date.now() - 40 * DAY_MS),
      30,
    );
    await expect(whoami(expired)).rejects.toThrow(/socket hang up/);
    expect(logged()).toContain('CERT_HAS_EXPIRED');
  });

  it('refuses a revoked certificate as soon as the revocation list is reloaded', async () => {
    const leaving = await network.issue('partner', 'krusada');
    expect((await whoami(leaving)).status).toBe(200);
    await network.authority.revokeCurrent(
      'partner',
      'krusada',
      'cessationOfOperation',
      clock.now(),
    );
    await broker.revocations.reload();
    await expect(whoami(leaving)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(logged()).toContain('revoked (cessationOfOperation)');
  });

  it('accepts old and new key during a rotation overlap, and only the new one after it', async () => {
    const old = await network.issue('partner', 'reclassering-cn');
    const rotated = await network.authority.rotate('partner', 'reclassering-cn', clock.now(), 1);
    const fresh = await holder(network.authority, rotated);
    await broker.revocations.reload();
    expect((await whoami(old)).status).toBe(200);
    expect((await whoami(fresh)).status).toBe(200);

    const start = clock.now();
    clock.set(new Date(start.getTime() + 2 * DAY_MS));
    try {
      await expect(whoami(old)).rejects.toThrow(/socket hang up/);
      expect(logged()).toContain('revoked (superseded)');
      const after = await whoami(fresh);
      expect(JSON.parse(after.body)).toMatchObject({ organisation: 'reclassering-cn' });
    } finally {
      clock.set(start);
    }
  });

  it('refuses the broker own client certificate on the partner API', async () => {
    const brokerClient = await network.issue('broker-client', BROKER_ORGANISATION);
    await expect(whoami(brokerClient)).rejects.toThrow(/socket hang up/);
    expect(logged()).toContain('a broker certificate where a partner is expected');
  });

  it('answers problem+json when the certificate is fine but the assertion is missing', async () => {
    const response = await httpsGet(`${broker.url}/v1/whoami`, {
      ca: politie.ca,
      cert: politie.cert,
      key: politie.key,
    });
    expect(response.status).toBe(401);
    expect(response.contentType).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({ code: 'ASSERTION_MISSING', status: 401 });
  });

  it('answers an unknown /v1 path like an unauthenticated one, never revealing what exists', async () => {
    const response = await httpsGet(`${broker.url}/v1/cases/123`, {
      ca: politie.ca,
      cert: politie.cert,
      key: politie.key,
    });
    expect(JSON.parse(response.body)).toMatchObject({ code: 'ASSERTION_MISSING' });
  });

  it('serves /health to a partner behind mutual TLS', async () => {
    const response = await httpsGet(`${broker.url}/health`, politie);
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'policy_unavailable' });
  });
});
