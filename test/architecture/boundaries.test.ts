import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const TOP_LEVEL = ['broker', 'adapters', 'keys', 'demo', 'policies', 'bench', 'test', 'scripts'];

async function violationsIn(baseDir: string, folders: readonly string[]) {
  const options = await extractDepcruiseOptions(CONFIG);
  const result = await cruise([...folders], {
    ...options,
    baseDir,
    tsConfig: { fileName: join(baseDir, 'tsconfig.json') },
  });
  if (typeof result.output === 'string') throw new Error('expected a cruise result');
  return result.output.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.cycle?.map((step) => step.name).join(' -> ') ?? v.to,
  }));
}

describe('the architecture of ARCHITECTURE.md', () => {
  it('holds in the tree: no import crosses a boundary, no module reaches itself', async () => {
    expect(await violationsIn(ROOT, TOP_LEVEL)).toEqual([]);
  });
});

/** A tree of one-line modules: each file imports the files it lists. */
function writeTree(dir: string, files: Record<string, readonly string[]>): void {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        allowImportingTsExtensions: true,
        noEmit: true,
      },
    }),
  );
  for (const [file, imports] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    const lines = imports.map((target, n) => {
      const specifier = `${'../'.repeat(file.split('/').length - 1)}${target}`;
      return `import * as m${n} from '${specifier}';\nexport const use${n} = m${n};`;
    });
    writeFileSync(join(dir, file), `${lines.join('\n')}\nexport const here = 1;\n`);
  }
}

describe('each rule catches the import it forbids', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zvh-boundaries-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: readonly [rule: string, files: Record<string, readonly string[]>][] = [
    [
      'adapters-never-broker',
      { 'adapters/kit/leak.ts': ['broker/store/x.ts'], 'broker/store/x.ts': [] },
    ],
    [
      'kit-stands-apart',
      { 'adapters/kit/a.ts': ['adapters/reference/sample.ts'], 'adapters/reference/sample.ts': [] },
    ],
    [
      'partner-client-stands-apart',
      { 'adapters/partner-client/a.ts': ['adapters/kit/b.ts'], 'adapters/kit/b.ts': [] },
    ],
    [
      'broker-only-through-the-contract',
      { 'broker/exchange/a.ts': ['adapters/kit/b.ts'], 'adapters/kit/b.ts': [] },
    ],
    [
      'keys-serve-everyone',
      { 'keys/tls/a.ts': ['broker/identity/b.ts'], 'broker/identity/b.ts': [] },
    ],
    [
      'contract-stands-alone',
      { 'adapters/contract/a.ts': ['adapters/kit/b.ts'], 'adapters/kit/b.ts': [] },
    ],
    ['vocabulary-stands-alone', { 'policies/vocabulary/a.ts': ['keys/b.ts'], 'keys/b.ts': [] }],
    ['demo-is-a-leaf', { 'broker/a.ts': ['demo/main.ts'], 'demo/main.ts': [] }],
    ['tests-stay-out', { 'demo/main.ts': ['test/support/x.ts'], 'test/support/x.ts': [] }],
    [
      'no-cycles',
      { 'broker/store/a.ts': ['broker/audit/b.ts'], 'broker/audit/b.ts': ['broker/store/a.ts'] },
    ],
  ];

  it.each(cases)('%s', async (rule, files) => {
    const tree = join(dir, rule);
    mkdirSync(tree);
    writeTree(tree, files);
    const folders = [...new Set(Object.keys(files).map((file) => file.split('/')[0] ?? file))];
    const found = await violationsIn(tree, folders);
    expect(found.map((v) => v.rule)).toContain(rule);
  });

  it('lets the allowed imports through: broker and adapters through the contract and keys', async () => {
    const tree = join(dir, 'allowed');
    mkdirSync(tree);
    writeTree(tree, {
      'broker/exchange/a.ts': ['adapters/contract/wire.ts', 'keys/tls/guard.ts'],
      'adapters/kit/b.ts': ['adapters/contract/wire.ts', 'keys/tls/guard.ts'],
      'adapters/contract/wire.ts': ['policies/vocabulary/roles.ts'],
      'keys/tls/guard.ts': ['policies/vocabulary/roles.ts'],
      'policies/vocabulary/roles.ts': [],
      'demo/main.ts': ['broker/exchange/a.ts', 'adapters/kit/b.ts'],
    });
    expect(await violationsIn(tree, ['broker', 'adapters', 'keys', 'policies', 'demo'])).toEqual(
      [],
    );
  });
});
