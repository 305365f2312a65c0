import { describe, expect, it } from 'vitest';
import { appWithoutListener } from '../../support/test-broker.ts';

const app = await appWithoutListener();

describe('the app without a TLS connection', () => {
  it('refuses /v1 with problem+json, whatever headers claim', async () => {
    const response = await app.request('/v1/whoami', {
      headers: { 'ZVH-Assertion': 'x', 'x-ssl-client-s-dn': 'serialNumber=politie-cn' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'CLIENT_CERT_REQUIRED', status: 401 });
  });

  it('still answers /health', async () => {
    const response = await app.request('/health');
    expect(await response.json()).toMatchObject({ status: 'policy_unavailable' });
  });
});
