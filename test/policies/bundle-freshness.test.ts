import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPolicyBundle } from '../../broker/policy/policy-bundle.ts';
import { policyRevision } from '../../broker/policy/policy-revision.ts';
import { opaForTests } from '../support/opa-cli.ts';

const { opa, skipReason } = opaForTests();

describe('the committed policy bundle', () => {
  it('was built from the Rego sources and covenant data as they are now', async () => {
    const bundle = await readPolicyBundle('policies/bundle');
    const sources = await policyRevision('policies/zvh');
    expect(
      bundle.revision,
      'policies/ changed after the bundle was built: run `npm run policy:build`',
    ).toBe(sources);
  });

  it.skipIf(opa === null)(
    `is byte for byte what the build makes of them${skipReason ? ` (${skipReason})` : ''}`,
    async () => {
      const work = await mkdtemp(join(tmpdir(), 'zvh-bundle-'));
      try {
        execFileSync('bash', ['scripts/policy-build.sh', work], { stdio: 'ignore' });
        for (const file of ['.manifest', 'policy.wasm', 'data.json']) {
          const rebuilt = await readFile(join(work, file));
          const committed = await readFile(join('policies/bundle', file));
          expect(
            rebuilt.equals(committed),
            `policies/bundle/${file} differs from a fresh build`,
          ).toBe(true);
        }
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  );
});
