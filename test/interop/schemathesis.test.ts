import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openPolicyEngine } from '../../broker/policy/wasm-policy-engine.ts';
import { useApi } from '../support/api-fixture.ts';
import { monitoredCase } from '../support/case-setup.ts';
import { cast } from '../support/cast.ts';
import { describeOnEveryDatabase } from '../support/databases.ts';
import { httpsRequest } from '../support/https-request.ts';
import { AUDIENCE } from '../support/test-broker.ts';
import { available, requireTool, run } from '../support/tools.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const hasSchemathesis = available('schemathesis', ['--version']);

describeOnEveryDatabase('the served OpenAPI document, tested by schemathesis', (ctx) => {
  const api = useApi(ctx, { policy: () => openPolicyEngine('policies/bundle') });

  it.skipIf(!requireTool(hasSchemathesis, 'schemathesis'))(
    'finds no server error, no undocumented status and no rule the document does not state',
    async () => {
      const people = cast(api.holders);
      const { caseId, personId } = await monitoredCase(api.api, people);
      const caller = people.caseDirector;
      const dir = mkdtempSync(join(tmpdir(), 'zvh-schemathesis-'));
      try {
        const document = await httpsRequest(`${api.broker.url}/openapi.json`, {
          tls: caller.holder,
        });
        writeFileSync(join(dir, 'openapi.json'), document.text);
        const { paths } = caller.holder;
        const result = await run(
          'schemathesis',
          [
            '--config-file',
            join(HERE, 'schemathesis.toml'),
            'run',
            join(dir, 'openapi.json'),
            '--url',
            api.broker.url,
            '--request-cert',
            paths.certificate,
            '--request-cert-key',
            paths.privateKey,
            '--tls-verify',
            paths.ca,
            '--checks',
            'all',
            '--max-examples',
            '25',
            '--seed',
            '1',
            '--no-color',
          ],
          {
            cwd: dir,
            env: {
              ...process.env,
              PYTHONPATH: HERE,
              SCHEMATHESIS_HOOKS: 'schemathesis_hooks',
              ZVH_CERT: paths.certificate,
              ZVH_KEY: paths.privateKey,
              ZVH_ORGANISATION: caller.organisation,
              ZVH_USER: caller.user,
              ZVH_AUDIENCE: AUDIENCE,
              ZVH_ROLE: caller.role,
              ZVH_CASE_ID: caseId,
              ZVH_PERSON_ID: personId,
              ZVH_NOW: ctx.clock.now().toISOString(),
            },
          },
        );
        expect(result.code, `${result.out}\n${result.err}`).toBe(0);
        expect(result.out).toMatch(/\d+ generated, \d+ passed/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
