import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyVerificationKey } from '../../broker/policy/policy-bundle-signature.ts';
import { runKeysCli } from '../../keys/cli.ts';
import { captured } from '../support/cli-output.ts';

let stateDir: string;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'zvh-policy-key-cli-'));
});

afterAll(() => rm(stateDir, { recursive: true, force: true }));

const keys = (...argv: string[]) =>
  captured((io) => runKeysCli([...argv, '--state-dir', stateDir], io, {}, new Date()));

describe('npm run keys -- policy-key', () => {
  it('writes an ES256 key pair into the state directory, the private key 0600', async () => {
    const created = await keys('policy-key');
    expect(created.code).toBe(0);
    const dir = join(stateDir, 'keys', 'policy-signing');
    expect(created.out.join('\n')).toContain(join(dir, 'key.pem'));
    expect((await stat(join(dir, 'key.pem'))).mode & 0o777).toBe(0o600);
    const privateKey = createPrivateKey(await readFile(join(dir, 'key.pem')));
    expect(privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).toBe(
      await readFile(join(dir, 'public.pem'), 'utf8'),
    );
    expect((await loadPolicyVerificationKey(join(dir, 'public.pem'))).algorithm).toBe('ES256');
  });

  it('refuses to replace an existing key, and writes to --out when told', async () => {
    const again = await keys('policy-key');
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toMatch(/already exists/);
    const out = join(stateDir, 'elsewhere');
    expect((await keys('policy-key', '--out', out)).code).toBe(0);
    expect((await stat(join(out, 'public.pem'))).isFile()).toBe(true);
  });

  it('is described in --help', async () => {
    expect((await keys('--help')).out.join('\n')).toMatch(/policy-key \[--out <dir>\]/);
  });
});
