import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runPartnerCli } from '../../../adapters/partner-client/cli.ts';
import { useApi } from '../../support/api-fixture.ts';
import { type Captured, captured } from '../../support/cli-output.ts';
import { bundleCovenant } from '../../support/covenant.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { AUDIENCE } from '../../support/test-broker.ts';

describeOnEveryDatabase('npm run partner -- covenant', (ctx) => {
  const api = useApi(ctx);

  function partner(organisation: 'zvh-bonaire' | 'krusada', ...argv: string[]): Promise<Captured> {
    const holder = api.holders[organisation];
    const connection = [
      ...['--broker', api.broker.url, '--audience', AUDIENCE, '--cert', holder.paths.certificate],
      ...['--key', holder.paths.privateKey, '--ca', holder.paths.ca],
      ...['--user', `${organisation}-1`, '--name', 'A. Employee'],
    ];
    return captured((io) => runPartnerCli([...argv, ...connection], io));
  }

  it('proposes, shows and accepts a version, signing only content that hashes to its id', async () => {
    const file = join(tmpdir(), `zvh-covenant-${randomUUID()}.json`);
    await writeFile(file, JSON.stringify({ ...bundleCovenant(), version: 'bonaire-2028' }));
    try {
      const proposed = await partner('zvh-bonaire', 'covenant', 'propose', file, '--json');
      expect(proposed.err).toEqual([]);
      const id = JSON.parse(proposed.out[0] ?? '{}').id as string;
      expect(id).toMatch(/^sha256:/);

      const accepted = await partner(
        'krusada',
        'covenant',
        'accept',
        id,
        '--role',
        'case_participant',
      );
      expect(accepted.err).toEqual([]);
      expect(JSON.parse(accepted.out.join('\n'))).toMatchObject({
        version: id,
        organisation: 'krusada',
        decision: 'accept',
      });
      const again = await partner(
        'krusada',
        'covenant',
        'accept',
        id,
        '--role',
        'case_participant',
      );
      expect(again.code).toBe(1);
      expect(again.err[0]).toContain('409 COVENANT_DECISION_CONFLICT');

      const shown = await partner('krusada', 'covenant', 'show', '--role', 'case_participant');
      expect(shown.code).toBe(0);
      const covenant = JSON.parse(shown.out.join('\n'));
      expect(covenant.inForce.version).toBe('bonaire-2020');
      expect(covenant.pending[0]).toMatchObject({ id, version: 'bonaire-2028' });
      expect(
        covenant.pending[0].partners.find(
          (p: { organisation: string }) => p.organisation === 'krusada',
        ),
      ).toMatchObject({ decision: 'accept', party: false });
    } finally {
      await rm(file, { force: true });
    }
  });

  it('refuses a proposal from anyone but the process director, and a version id that is none', async () => {
    const file = join(tmpdir(), `zvh-covenant-${randomUUID()}.json`);
    await writeFile(file, JSON.stringify(bundleCovenant()));
    try {
      const byOutsider = await partner('krusada', 'covenant', 'propose', file);
      expect(byOutsider.code).toBe(1);
      expect(byOutsider.err[0]).toContain('403 COVENANT_PROPOSER_REQUIRED');
      const wrongId = await partner(
        'krusada',
        'covenant',
        'revoke',
        'bonaire-2020',
        '--role',
        'case_participant',
      );
      expect(wrongId.code).toBe(2);
      const help = await partner('krusada', 'covenant', '--help');
      expect(help.out[0]).toContain('covenant accept|reject|revoke <id>');
    } finally {
      await rm(file, { force: true });
    }
  });
});
