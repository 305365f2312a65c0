import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../broker/config/config.ts';
import { ConfigInvalidError } from '../../../broker/errors/broker-error.ts';

describe('where the broker takes its policy bundle from', () => {
  it('is the committed directory, unsigned, polled every 5 s, unless told otherwise', () => {
    expect(loadConfig({}).policy).toEqual({
      location: { kind: 'directory', dir: resolve('policies/bundle') },
      verificationKey: undefined,
      pollMs: 5000,
      maxBytes: 64 * 1024 * 1024,
    });
  });

  it('takes a bundle server URL only with a verification key', () => {
    const url = 'https://bundles.zvh.example/bonaire.tar.gz';
    expect(() => loadConfig({ BROKER_POLICY_BUNDLE: url })).toThrow(ConfigInvalidError);
    expect(() => loadConfig({ BROKER_POLICY_BUNDLE: url })).toThrow(
      /BROKER_POLICY_VERIFICATION_KEY/,
    );
    const config = loadConfig({
      BROKER_POLICY_BUNDLE: url,
      BROKER_POLICY_VERIFICATION_KEY: 'keys/policy.pem',
      BROKER_POLICY_POLL_MS: '60000',
    });
    expect(config.policy).toMatchObject({
      location: { kind: 'http', url },
      verificationKey: resolve('keys/policy.pem'),
      pollMs: 60_000,
    });
    // The offline tools read the covenant's words from the committed bundle then.
    expect(config.policyBundleDir).toBe(resolve('policies/bundle'));
  });

  it('refuses a poll interval out of range, naming the variable', () => {
    expect(() => loadConfig({ BROKER_POLICY_POLL_MS: '10' })).toThrow(/BROKER_POLICY_POLL_MS/);
  });
});
