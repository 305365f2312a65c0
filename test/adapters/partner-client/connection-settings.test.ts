import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionSettings } from '../../../adapters/partner-client/connection-settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'zvh-partner-config-'));
afterAll(() => rmSync(dir, { recursive: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('the partner CLI connection settings', () => {
  it('takes a flag over its environment variable over the config file over the default', async () => {
    const config = file(
      'lines.conf',
      '# set up once\ncert = certs/cert.pem\nbroker=https://file:1\nrole=case_participant\n',
    );
    const settings = await connectionSettings(
      { role: 'case_director' },
      { ZVH_BROKER_URL: 'https://env:2', ZVH_PARTNER_CONFIG: config, ZVH_ROLE: 'privacy_officer' },
      undefined,
    );
    expect(settings).toEqual({
      cert: join(dir, 'certs/cert.pem'),
      broker: 'https://env:2',
      role: 'case_director',
      audience: 'urn:zvh-broker:bonaire',
    });
  });

  it('reads a JSON config named by --config before the one in the environment', async () => {
    const json = file('partner.json', JSON.stringify({ key: '/abs/key.pem', user: 'u-1' }));
    const other = file('other.conf', 'user=u-2');
    expect(await connectionSettings({}, { ZVH_PARTNER_CONFIG: other }, json)).toMatchObject({
      key: '/abs/key.pem',
      user: 'u-1',
    });
  });

  it('refuses a config file with an unknown key, a bad line, or not found, as a usage error', async () => {
    const refusals: [string, RegExp][] = [
      [file('typo.conf', 'certificate=x.pem'), /unknown key "certificate"/],
      [file('bad.conf', 'just words'), /without key=value/],
      [file('bad.json', '{"user": 7}'), /"user" must be a string/],
      [join(dir, 'absent.conf'), /cannot read/],
    ];
    for (const [config, message] of refusals) {
      await expect(connectionSettings({}, {}, config)).rejects.toMatchObject({
        name: 'UsageError',
        message: expect.stringMatching(message),
      });
    }
  });
});
