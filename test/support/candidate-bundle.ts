import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { policyRevision } from '../../broker/policy/policy-revision.ts';
import { runOpa } from './opa-cli.ts';

/** The parts of the Bonaire covenant data a candidate changes: its term and a purpose's matrix. */
export interface CandidateCovenant {
  version: string;
  not_before: string;
  not_after: string;
  purposes: Record<string, { matrix: Record<string, string[]> }>;
}

export interface CandidateBundle {
  /** The bundle directory: .manifest, policy.wasm and data.json, as `npm run policy:build` makes them. */
  readonly dir: string;
  readonly revision: string;
  readonly remove: () => void;
}

/**
 * A policy bundle built by the real OPA CLI, the way `npm run policy:build` builds the
 * committed one, from a copy of the policy sources whose Bonaire covenant data `change`
 * edited: a candidate an operator would propose.
 */
export async function buildCandidateBundle(
  opa: string,
  change: (bonaire: CandidateCovenant) => void,
): Promise<CandidateBundle> {
  const work = mkdtempSync(join(tmpdir(), 'zvh-candidate-'));
  const sources = join(work, 'policies');
  cpSync('policies/zvh', join(sources, 'zvh'), { recursive: true });
  const dataFile = join(sources, 'zvh/covenants/bonaire/data.json');
  const data = JSON.parse(readFileSync(dataFile, 'utf8')) as CandidateCovenant;
  change(data);
  writeFileSync(dataFile, `${JSON.stringify(data, null, 2)}\n`);

  const opaCapabilities = join(work, 'opa-capabilities.json');
  writeFileSync(opaCapabilities, runOpa(opa, ['capabilities', '--current']));
  const capabilities = join(work, 'wasm-capabilities.json');
  writeFileSync(
    capabilities,
    execFileSync(
      process.execPath,
      [
        'scripts/wasm-capabilities.mjs',
        opaCapabilities,
        resolve('node_modules/@open-policy-agent/opa-wasm/capabilities.json'),
      ],
      { encoding: 'utf8' },
    ),
  );
  const revision = await policyRevision(join(sources, 'zvh'));
  const archive = join(work, 'bundle.tar.gz');
  runOpa(opa, [
    'build',
    '--target',
    'wasm',
    '--entrypoint',
    'zvh/exchange/decision',
    '--capabilities',
    capabilities,
    '--revision',
    revision,
    '--ignore',
    '*_test.rego',
    '--output',
    archive,
    sources,
  ]);
  const dir = join(work, 'bundle');
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', archive, '-C', dir, '--no-same-owner']);
  return { dir, revision, remove: () => rmSync(work, { recursive: true, force: true }) };
}
