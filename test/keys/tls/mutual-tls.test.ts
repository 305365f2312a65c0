import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAssertionSigner } from '../../../adapters/partner-client/user-assertion-signer.ts';
import { createNetwork, type Holder, holder, type Network } from '../../support/certificates.ts';
import { TestClock } from '../../support/clock.ts';
import { httpsRequest } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';
import { AUDIENCE, type TestBroker } from '../../support/test-broker.ts';

const DAY_MS = 86_400_000;
const clock = new TestClock(new Date().toISOString());

const network = useTestNetwork({ partners: ['politie-cn'], broker: { clock } });
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
  return httpsRequest(`${broker.url}/v1/whoami`, {
    tls: client,
    headers: { 'ZVH-Assertion': assertion },
  });
}

beforeAll(async () => {
  foreign = await createNetwork();
  broker = network.broker;
  politie = network.holders['politie-cn'];
});

afterAll(() => foreign?.remove());

describe('the broker API over mutual TLS', () => {
  it('accepts a partner certificate of the network and reads the organisation from it', async () => {
    const response = await whoami(politie);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({
      organisation: 'politie-cn',
      user: { id: 'u-17', name: 'R. Martis' },
      role: 'case_director',
    });
  });

  it('refuses a client without a certificate in the handshake', async () => {
    await expect(
      httpsRequest(`${broker.url}/v1/whoami`, { tls: { ca: politie.ca } }),
    ).rejects.toThrow(/certificate required/);
    expect(logged()).toContain('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
    await expect(
      httpsRequest(`${broker.url}/health`, { tls: { ca: politie.ca } }),
    ).rejects.toThrow();
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
    clock.set(new Date(start.getTime() + 2 * DAY_MS).toISOString());
    try {
      await expect(whoami(old)).rejects.toThrow(/socket hang up/);
      expect(logged()).toContain('revoked (superseded)');
      const after = await whoami(fresh);
      expect(JSON.parse(after.text)).toMatchObject({ organisation: 'reclassering-cn' });
    } finally {
      clock.set(start.toISOString());
    }
  });

  it('refuses the broker own client certificate on the partner API', async () => {
    const brokerClient = network.brokerClient;
    await expect(whoami(brokerClient)).rejects.toThrow(/socket hang up/);
    expect(logged()).toContain('a broker certificate where a partner or person is expected');
  });

  it('answers problem+json when the certificate is fine but the assertion is missing', async () => {
    const response = await httpsRequest(`${broker.url}/v1/whoami`, { tls: politie });
    expect(response.status).toBe(401);
    expect(response.contentType).toBe('application/problem+json');
    expect(JSON.parse(response.text)).toMatchObject({ code: 'ASSERTION_MISSING', status: 401 });
  });

  it('answers an unknown /v1 path like an unauthenticated one, never revealing what exists', async () => {
    const response = await httpsRequest(`${broker.url}/v1/cases/123`, { tls: politie });
    expect(JSON.parse(response.text)).toMatchObject({ code: 'ASSERTION_MISSING' });
  });

  it('serves /health to a partner behind mutual TLS', async () => {
    const response = await httpsRequest(`${broker.url}/health`, { tls: politie });
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toMatchObject({ status: 'policy_unavailable' });
  });
});
