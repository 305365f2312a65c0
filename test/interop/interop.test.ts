import { beforeAll, describe, expect, it } from 'vitest';
import { UserAssertionSigner } from '../../adapters/partner-client/user-assertion-signer.ts';
import { BROKER_ORGANISATION } from '../../keys/certificates/certificate-profile.ts';
import { createNetwork, type Holder } from '../support/certificates.ts';
import { useTestNetwork } from '../support/network.ts';
import { AUDIENCE } from '../support/test-broker.ts';
import { available, requireTool, run } from '../support/tools.ts';

const hasOpenssl = available('openssl', ['version']);
const hasCurl = available('curl', ['--version']);
const hasPyjwt = available('python3', ['-c', 'import jwt, cryptography']);

const network = useTestNetwork({ partners: ['politie-cn'], broker: {} });
let politie: Holder;

beforeAll(() => {
  politie = network.holders['politie-cn'];
});

describe('interoperability with tools nobody here wrote', () => {
  it.skipIf(!requireTool(hasOpenssl, 'openssl'))(
    'openssl verify accepts every issued certificate against the network CA',
    async () => {
      const adapter = await network.issue('adapter', 'politie-cn');
      const brokerClient = network.brokerClient;
      const server = network.authority.layout.leaf('broker-server', BROKER_ORGANISATION);
      const files = [
        politie.paths.certificate,
        adapter.paths.certificate,
        brokerClient.paths.certificate,
        server.certificate,
      ];
      const result = await run('openssl', ['verify', '-CAfile', politie.paths.ca, ...files]);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      for (const file of files) expect(result.out).toContain(`${file}: OK`);
      const purpose = await run('openssl', [
        'verify',
        '-CAfile',
        politie.paths.ca,
        '-purpose',
        'sslclient',
        politie.paths.certificate,
      ]);
      expect(purpose.code).toBe(0);
      const subject = await run('openssl', [
        'x509',
        '-in',
        politie.paths.certificate,
        '-noout',
        '-subject',
      ]);
      expect(subject.out).toContain('serialNumber = politie-cn');
    },
  );

  it.skipIf(!requireTool(hasOpenssl, 'openssl'))(
    'openssl verify refuses a certificate of another network',
    async () => {
      const other = await createNetwork('othernet');
      try {
        const stranger = await other.issue('partner', 'politie-cn');
        const result = await run('openssl', [
          'verify',
          '-CAfile',
          politie.paths.ca,
          stranger.paths.certificate,
        ]);
        expect(result.code).not.toBe(0);
      } finally {
        await other.remove();
      }
    },
  );

  it.skipIf(!requireTool(hasCurl, 'curl'))(
    'curl with the partner certificate gets whoami from the running broker',
    async () => {
      const signer = UserAssertionSigner.create({
        certificatePem: politie.cert,
        privateKeyPem: politie.key,
        audience: AUDIENCE,
      });
      const assertion = await signer.sign({ id: 'u-17', name: 'R. Martis', role: 'case_director' });
      const result = await run('curl', [
        '--silent',
        '--show-error',
        '--cert',
        politie.paths.certificate,
        '--key',
        politie.paths.privateKey,
        '--cacert',
        politie.paths.ca,
        '-H',
        `ZVH-Assertion: ${assertion}`,
        `${network.broker.url}/v1/whoami`,
      ]);
      expect(result.err).toBe('');
      expect(JSON.parse(result.out)).toMatchObject({
        organisation: 'politie-cn',
        role: 'case_director',
      });
      const anonymous = await run('curl', [
        '--silent',
        '--cacert',
        politie.paths.ca,
        `${network.broker.url}/v1/whoami`,
      ]);
      expect(anonymous.code).not.toBe(0);
    },
  );

  it.skipIf(
    !requireTool(hasPyjwt, 'python3 with PyJWT and cryptography (test/interop/requirements.txt)'),
  )(
    'PyJWT with cryptography verifies a partner assertion against the partner certificate',
    async () => {
      const signer = UserAssertionSigner.create({
        certificatePem: politie.cert,
        privateKeyPem: politie.key,
        audience: AUDIENCE,
      });
      const assertion = await signer.sign({
        id: 'u-17',
        name: 'R. Martis',
        role: 'case_participant',
      });
      const script = 'test/interop/verify_assertion.py';
      const result = await run('python3', [
        script,
        assertion,
        politie.paths.certificate,
        AUDIENCE,
        'politie-cn',
      ]);
      expect(result.err).toBe('');
      expect(JSON.parse(result.out)).toMatchObject({
        iss: 'politie-cn',
        sub: 'u-17',
        zvh_role: 'case_participant',
      });
      const wrongIssuer = await run('python3', [
        script,
        assertion,
        politie.paths.certificate,
        AUDIENCE,
        'jeugdzorg-cn',
      ]);
      expect(wrongIssuer.code).toBe(1);
    },
  );
});
