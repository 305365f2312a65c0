import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateIdentity } from '../../keys/certificates/certificate-identity.ts';
import { personSubject } from '../../keys/certificates/person-subject.ts';
import { runKeysCli } from '../../keys/cli.ts';
import { type Captured, captured } from '../support/cli-output.ts';

function keys(...argv: string[]): Promise<Captured> {
  return captured((io) => runKeysCli([...argv, '--state-dir', stateDir], io, {}, new Date()));
}

let stateDir: string;
const personDir = () => join(stateDir, 'keys', 'bonaire', 'persons', 'zvh-bonaire', 'privacy-1');

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'zvh-keys-person-'));
  expect((await keys('create-network', 'bonaire')).code).toBe(0);
});

afterAll(() => rm(stateDir, { recursive: true, force: true }));

describe('npm run keys -- issue-person', () => {
  it('issues a personal certificate naming the organisation, the employee and the role, with a PKCS#12 file a TLS client opens with the printed passphrase', async () => {
    const issued = await keys(
      'issue-person',
      'bonaire',
      'zvh-bonaire',
      '--user',
      'privacy-1',
      '--name',
      'Anaïs Martina',
      '--role',
      'privacy_officer',
    );
    expect(issued.code, issued.err.join('\n')).toBe(0);
    const passphrase = /stored nowhere: (\S+)$/.exec(issued.out.join('\n'))?.[1];
    expect(passphrase).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const certificate = new X509Certificate(await readFile(join(personDir(), 'cert.pem')));
    expect(certificateIdentity(certificate)).toMatchObject({
      kind: 'person',
      organisation: 'zvh-bonaire',
    });
    expect(personSubject(certificate)).toEqual({
      userId: 'privacy-1',
      displayName: 'Anaïs Martina',
      role: 'privacy_officer',
    });
    const pkcs12 = join(personDir(), 'person.p12');
    expect((await stat(pkcs12)).mode & 0o777).toBe(0o600);
    const pfx = await readFile(pkcs12);
    expect(() => createSecureContext({ pfx, passphrase })).not.toThrow();
    expect(() => createSecureContext({ pfx, passphrase: 'not-the-passphrase' })).toThrow();
  });

  it('encrypts with the first line of --passphrase-file and then prints no passphrase', async () => {
    const file = join(stateDir, 'passphrase.txt');
    await writeFile(file, 'correct horse battery staple\nignored\n');
    const issued = await keys(
      'issue-person',
      'bonaire',
      'zvh-bonaire',
      '--user',
      'director-1',
      '--name',
      'Ruben Isenia',
      '--role',
      'process_director',
      '--passphrase-file',
      file,
    );
    expect(issued.code, issued.err.join('\n')).toBe(0);
    expect(issued.out.join('\n')).not.toContain('passphrase');
    const pfx = await readFile(
      join(stateDir, 'keys', 'bonaire', 'persons', 'zvh-bonaire', 'director-1', 'person.p12'),
    );
    expect(() =>
      createSecureContext({ pfx, passphrase: 'correct horse battery staple' }),
    ).not.toThrow();
  });

  it('revokes a personal certificate, after which the employee may be issued a new one', async () => {
    const again = await keys(
      'issue-person',
      'bonaire',
      'zvh-bonaire',
      '--user',
      'privacy-1',
      '--name',
      'Anaïs Martina',
      '--role',
      'privacy_officer',
    );
    expect(again.code).toBe(1);
    expect(again.err[0]).toContain('revoke it first');
    const revoked = await keys(
      'revoke',
      'bonaire',
      'person',
      'zvh-bonaire',
      '--user',
      'privacy-1',
      '--reason',
      'keyCompromise',
    );
    expect(revoked.code, revoked.err.join('\n')).toBe(0);
    expect(revoked.out[0]).toContain('UID=privacy-1');
    const listed = (await keys('list', 'bonaire')).out.join('\n');
    expect(listed).toMatch(/UID=privacy-1, title=privacy_officer {2}revoked \(keyCompromise\)/);
    const reissued = await keys(
      'issue-person',
      'bonaire',
      'zvh-bonaire',
      '--user',
      'privacy-1',
      '--name',
      'Anaïs Martina',
      '--role',
      'privacy_officer',
    );
    expect(reissued.code, reissued.err.join('\n')).toBe(0);
  });

  it('refuses a missing or malformed user, name, role or passphrase with one line', async () => {
    const short = join(stateDir, 'short.txt');
    await writeFile(short, 'short\n');
    const person = ['issue-person', 'bonaire', 'mhc'];
    const cases: string[][] = [
      [...person, '--name', 'A', '--role', 'privacy_officer'],
      [...person, '--user', 'a b', '--name', 'A', '--role', 'privacy_officer'],
      [...person, '--user', 'a', '--role', 'privacy_officer'],
      [...person, '--user', 'a', '--name', 'A', '--role', 'wizard'],
      [
        ...person,
        '--user',
        'a',
        '--name',
        'A',
        '--role',
        'privacy_officer',
        '--passphrase-file',
        short,
      ],
      [
        'issue-person',
        'bonaire',
        'zvh-broker',
        '--user',
        'a',
        '--name',
        'A',
        '--role',
        'privacy_officer',
      ],
      ['revoke', 'bonaire', 'person', 'mhc', '--user', 'nobody'],
      ['rotate', 'bonaire', 'person', 'mhc'],
    ];
    for (const argv of cases) {
      const result = await keys(...argv);
      expect(result.code, argv.join(' ')).not.toBe(0);
      expect(result.err, argv.join(' ')).toHaveLength(1);
    }
  });

  it('explains issue-person and revoking a person in --help', async () => {
    const help = (await keys('--help')).out.join('\n');
    expect(help).toContain('issue-person <network> <organisation>');
    expect(help).toContain('--passphrase-file');
    expect(help).toContain('revoke <network> person <organisation>');
  });
});
