import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeysCli } from '../../keys/cli.ts';
import { type Captured, captured } from '../support/cli-output.ts';

function keys(...argv: string[]): Promise<Captured> {
  return captured((io) => runKeysCli([...argv, '--state-dir', stateDir], io, {}, new Date()));
}

async function privateKeyFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('key.pem'))
    .map((entry) => join(entry.parentPath, entry.name));
}

let stateDir: string;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'zvh-keys-cli-'));
});

afterAll(() => rm(stateDir, { recursive: true, force: true }));

describe('npm run keys', () => {
  it('creates a network, issues, rotates, revokes and lists', async () => {
    expect((await keys('create-network', 'bonaire')).code).toBe(0);
    expect(
      (await keys('issue-partner', 'bonaire', 'politie-cn', '--name', 'Korps Politie CN')).code,
    ).toBe(0);
    expect(
      (await keys('issue-adapter', 'bonaire', 'politie-cn', '--host', 'adapter.politie-cn.example'))
        .code,
    ).toBe(0);
    expect(
      (await keys('issue-broker', 'bonaire', '--host', 'localhost', '--host', '127.0.0.1')).code,
    ).toBe(0);
    const rotated = await keys('rotate', 'bonaire', 'partner', 'politie-cn', '--overlap-days', '7');
    expect(rotated.out.join('\n')).toContain('accepted for 7 more days');
    expect((await keys('issue-partner', 'bonaire', 'jeugdzorg-cn')).code).toBe(0);
    const revoked = await keys('revoke', 'bonaire', 'partner', 'jeugdzorg-cn');
    expect(revoked.out.join('\n')).toContain('serialNumber=jeugdzorg-cn');
    const listed = (await keys('list', 'bonaire')).out.join('\n');
    expect(listed).toMatch(/serialNumber=politie-cn {2}valid until .* \(superseded\)/);
    expect(listed).toMatch(/serialNumber=jeugdzorg-cn {2}revoked \(cessationOfOperation\)/);
  });

  it('writes private keys with mode 0600 and nowhere but the state directory', async () => {
    const files = await privateKeyFiles(stateDir);
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      expect(file.startsWith(join(stateDir, 'keys', 'bonaire'))).toBe(true);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
  });

  it('refuses bad input with one line on stderr and a non-zero exit', async () => {
    const cases: string[][] = [
      ['create-network', 'bonaire'],
      ['issue-partner', 'bonaire', 'Politie CN'],
      ['issue-partner', 'bonaire', 'zvh-broker'],
      ['issue-partner', 'saba', 'politie-cn'],
      ['issue-partner', 'bonaire', 'politie-cn'],
      ['issue-adapter', 'bonaire', 'mhc'],
      ['rotate', 'bonaire', 'wizard', 'mhc'],
      ['revoke', 'bonaire', '--serial', 'zz'],
      ['revoke', 'bonaire', '--serial', 'abcdef'],
      ['issue-partner', 'bonaire', 'mhc', '--days', 'soon'],
      ['issue-partner', 'bonaire', 'mhc', '--bogus'],
      ['frobnicate', 'bonaire'],
      [],
    ];
    for (const argv of cases) {
      const result = await keys(...argv);
      expect(result.code, argv.join(' ')).not.toBe(0);
      expect(result.err, argv.join(' ')).toHaveLength(1);
      expect(result.err[0], argv.join(' ')).toMatch(/^keys: [^\n]+$/);
    }
  });

  it('as a process: --help on stdout, a refusal on stderr with exit code 2', () => {
    const help = spawnSync('npx', ['tsx', 'keys/main.ts', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('create-network <network>');
    const bad = spawnSync('npx', ['tsx', 'keys/main.ts', 'frobnicate', 'bonaire'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(
      bad.stderr
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('npm warn')),
    ).toEqual(['keys: unknown command "frobnicate" (see --help)']);
  });
});
