import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithoutListener } from '../support/test-broker.ts';

const CI = process.env.CI === 'true';
const hasValidator =
  spawnSync('python3', ['-c', 'import openapi_spec_validator'], { stdio: 'ignore' }).status === 0;

/** In CI every tool is installed, so a missing one fails instead of skipping. */
function requireTool(present: boolean, name: string): boolean {
  if (!present && CI) throw new Error(`${name} is required when CI=true`);
  return present;
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zvh-openapi-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the served OpenAPI document, checked by a validator nobody here wrote', () => {
  it.skipIf(!requireTool(hasValidator, 'python3 with openapi-spec-validator'))(
    'is valid OpenAPI 3.1 according to openapi-spec-validator',
    async () => {
      const app = await appWithoutListener();
      const file = join(dir, 'openapi.json');
      await writeFile(file, await (await app.request('/openapi.json')).text());
      const result = await new Promise<{ code: number; out: string }>((resolve) => {
        execFile('python3', ['test/interop/validate_openapi.py', file], (error, out, err) => {
          resolve({ code: error === null ? 0 : Number(error.code ?? 1), out: out + err });
        });
      });
      expect(result.out).toMatch(/^valid OpenAPI 3\.1\.0: \d+ paths/);
      expect(result.code).toBe(0);
    },
  );
});
