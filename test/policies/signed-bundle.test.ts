import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyBundleRefusedError } from '../../broker/errors/broker-error.ts';
import { packBundleTarball, unpackBundleTarball } from '../../broker/policy/bundle-tarball.ts';
import { readSignedPolicyBundle } from '../../broker/policy/policy-bundle.ts';
import { type BundleFiles, readBundleDirectory } from '../../broker/policy/policy-bundle-files.ts';
import {
  loadPolicyVerificationKey,
  type PolicyVerificationKey,
} from '../../broker/policy/policy-bundle-signature.ts';
import { opaForTests } from '../support/opa-cli.ts';
import {
  committedBundle,
  signed,
  type TestSigningKey,
  testSigningKey,
  withFlippedByte,
} from '../support/policy-bundles.ts';

const { opa, skipReason } = opaForTests();

let work: string;
let key: TestSigningKey;
let verificationKey: PolicyVerificationKey;
let bundle: BundleFiles;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'zvh-signed-bundle-'));
  key = await testSigningKey();
  verificationKey = await loadPolicyVerificationKey(key.publicKeyPath);
  bundle = await signed(await committedBundle(), key);
});

afterAll(() => rm(work, { recursive: true, force: true }));

/** What the broker says of a bundle: its revision, or the code it refuses it with. */
async function brokerVerdict(files: BundleFiles): Promise<string> {
  try {
    return (await readSignedPolicyBundle(files, verificationKey)).revision;
  } catch (error) {
    if (error instanceof PolicyBundleRefusedError) return error.code;
    throw error;
  }
}

/**
 * What OPA says of a bundle served as a bundle server serves it. `opa build --bundle
 * --verification-key` runs OPA's bundle reader with signature verification (the same one
 * `opa run --bundle --verification-key` uses; this OPA build has no wasm engine to serve
 * the decision afterwards, so `opa run` would stop after verifying).
 */
function opaVerdict(files: BundleFiles, name: string): { ok: boolean; message: string } {
  const tarball = join(work, `${name}.tar.gz`);
  writeFileSync(tarball, packBundleTarball(files));
  const run = spawnSync(
    opa as string,
    [
      'build',
      '--bundle',
      tarball,
      '--verification-key',
      key.publicKeyPath,
      '--signing-alg',
      'ES256',
      '--output',
      join(work, `${name}.out.tar.gz`),
    ],
    { encoding: 'utf8' },
  );
  return { ok: run.status === 0, message: `${run.stdout}${run.stderr}`.trim() };
}

describe.skipIf(opa === null)(skipReason ?? 'the signed bundle and the real OPA CLI', () => {
  it('OPA accepts the signed bundle, and so does the broker', async () => {
    expect(opaVerdict(bundle, 'good')).toEqual({ ok: true, message: '' });
    expect(await brokerVerdict(bundle)).toMatch(/^sha256:/);
  });

  it.each([
    ['data.json', 0],
    ['policy.wasm', 0],
    ['policy.wasm', 4096],
  ])('a flipped byte in %s (at %i) makes both refuse it', async (name, at) => {
    const altered = withFlippedByte(bundle, name, at);
    const verdict = opaVerdict(altered, `altered-${name}-${at}`);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/digest mismatch|bundle load failed|invalid character/);
    expect(await brokerVerdict(altered)).toBe('POLICY_BUNDLE_FILE_ALTERED');
  });

  it("the broker accepts OPA's own signature, whose JSON hashes it computes alike", async () => {
    const dir = join(work, 'opa-signed');
    // Keys out of order, escapes, U+2028, non-ASCII keys and number literals that a
    // reformatting would change: OPA hashes the value, as the broker must.
    const data = Buffer.from(
      '{"zvh":{"z":1.50,"a":[1e2,-0,"\\u2028 <&> \\u00e9 \\ud83d\\ude00"],"é":{"\\t":true,"b":null},"Z":"\\u001f"}}',
    );
    const files = new Map(await committedBundle()).set('data.json', data);
    await mkdir(dir);
    for (const [name, content] of files) await writeFile(join(dir, name), content);
    execFileSync(
      opa as string,
      [
        'sign',
        '--signing-key',
        key.privateKeyPath,
        '--signing-alg',
        'ES256',
        '--bundle',
        '.',
        '--output-file-path',
        '.',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    const opaSigned = await readBundleDirectory(dir);
    expect(await brokerVerdict(opaSigned)).toMatch(/^sha256:/);
    expect(await brokerVerdict(withFlippedByte(opaSigned, 'data.json', 3))).toBe(
      'POLICY_BUNDLE_FILE_ALTERED',
    );
  });

  it('the tarball the broker packs is the one it unpacks', () => {
    expect(unpackBundleTarball(packBundleTarball(bundle))).toEqual(bundle);
  });
});

describe('the broker refuses a bundle it cannot trust', () => {
  it('without a signature', async () => {
    expect(await brokerVerdict(await committedBundle())).toBe('POLICY_BUNDLE_UNSIGNED');
  });

  it('signed by another key', async () => {
    const other = await signed(await committedBundle(), await testSigningKey());
    expect(await brokerVerdict(other)).toBe('POLICY_BUNDLE_SIGNATURE_INVALID');
  });

  it('with a file the signature does not list, or without one it lists', async () => {
    const extra = new Map(bundle).set('extra.rego', Buffer.from('package extra\n'));
    expect(await brokerVerdict(extra)).toBe('POLICY_BUNDLE_FILE_ALTERED');
    const missing = new Map(bundle);
    missing.delete('data.json');
    expect(await brokerVerdict(missing)).toBe('POLICY_BUNDLE_FILE_ALTERED');
  });

  it('with a signature file that is not one JWT', async () => {
    const garbled = new Map(bundle).set('.signatures.json', Buffer.from('{"signatures":[]}'));
    expect(await brokerVerdict(garbled)).toBe('POLICY_BUNDLE_SIGNATURE_INVALID');
  });
});
