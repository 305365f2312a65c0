import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithoutListener } from '../support/test-broker.ts';
import { available, requireTool, run } from '../support/tools.ts';

const hasValidator = available('python3', ['-c', 'import openapi_spec_validator']);

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
      const result = await run('python3', ['test/interop/validate_openapi.py', file]);
      expect(result.out + result.err).toMatch(/^valid OpenAPI 3\.1\.0: \d+ paths/);
      expect(result.code).toBe(0);
    },
  );
});
