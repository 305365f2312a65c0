import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../broker/app.ts';
import { PolicyUnavailableError } from '../../../broker/errors/broker-error.ts';
import { AssertionVerifier } from '../../../broker/identity/assertion-verifier.ts';
import { MemoryReplayCache } from '../../../broker/identity/replay-cache.ts';
import { UnavailablePolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import type { RevocationSource } from '../../../keys/revocation/revocation-source.ts';
import { memoryStore, NO_ADAPTERS, NO_DELIVERY } from '../../support/identity.ts';

const clock = { now: () => new Date('2026-03-02T10:00:00.000Z') };
const app = createApp({
  policy: new UnavailablePolicyEngine(new PolicyUnavailableError('not needed here')),
  logger: pino({ level: 'silent' }),
  identity: {
    revocations: {} as RevocationSource,
    assertions: new AssertionVerifier({
      audience: 'urn:zvh-broker:t',
      replayCache: new MemoryReplayCache(),
      clock,
    }),
    clock,
  },
  store: await memoryStore(),
  network: 'bonaire',
  adapters: NO_ADAPTERS,
  delivery: NO_DELIVERY,
});

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
