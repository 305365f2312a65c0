import { describe, expect, it } from 'vitest';
import { useTestNetwork } from '../../support/network.ts';
import { available, requireTool, run } from '../../support/tools.ts';

const hasOpenssl = available('openssl', ['version']);
const network = useTestNetwork({ partners: ['politie-cn'], adapters: ['sgb'], broker: {} });

/** One handshake as `openssl s_client` makes it, with the partner's certificate. */
async function handshake(url: string, ...flags: string[]) {
  const { hostname, port } = new URL(url);
  const holder = network.holders['politie-cn'];
  const result = await run('sh', [
    '-c',
    'a=$1 c=$2 k=$3 ca=$4; shift 4; echo | openssl s_client -connect "$a" -cert "$c" -key "$k" -CAfile "$ca" "$@" 2>&1',
    'sh',
    `${hostname}:${port}`,
    holder.paths.certificate,
    holder.paths.privateKey,
    holder.paths.ca,
    ...flags,
  ]);
  return result.out;
}

describe.each([
  ['the broker', () => network.broker.url],
  ['an adapter', () => network.adapters.sgb.url],
])('%s speaks only TLS with forward secrecy and authenticated encryption', (_name, url) => {
  it.skipIf(!requireTool(hasOpenssl, 'openssl'))('negotiates TLS 1.3 by default', async () => {
    expect(await handshake(url())).toMatch(/Protocol\s*:\s*TLSv1\.3|New, TLSv1\.3/);
  });

  it.skipIf(!requireTool(hasOpenssl, 'openssl'))(
    'accepts TLS 1.2 with an ECDHE key exchange and an AEAD cipher',
    async () => {
      const out = await handshake(
        url(),
        '-tls1_2',
        '-cipher',
        'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256',
      );
      expect(out).toMatch(/Cipher is ECDHE-(RSA|ECDSA)-AES128-GCM-SHA256/);
    },
  );

  it.skipIf(!requireTool(hasOpenssl, 'openssl'))(
    'refuses TLS 1.2 without forward secrecy or without AEAD',
    async () => {
      for (const cipher of ['AES128-SHA', 'AES256-SHA256', 'ECDHE-RSA-AES128-SHA']) {
        const out = await handshake(url(), '-tls1_2', '-cipher', cipher);
        expect(out, cipher).toMatch(/handshake failure|no cipher|Cipher is \(NONE\)/);
      }
    },
  );
});
