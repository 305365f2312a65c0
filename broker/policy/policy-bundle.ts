import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PolicyUnavailableError } from '../errors/broker-error.ts';
import type { BundleFiles } from './policy-bundle-files.ts';
import { type PolicyVerificationKey, verifyBundleSignature } from './policy-bundle-signature.ts';

export const DECISION_ENTRYPOINT = 'zvh/exchange/decision';

/** The committed output of `npm run policy:build`. */
export interface PolicyBundle {
  readonly revision: string;
  readonly wasm: Uint8Array;
  readonly data: unknown;
}

interface Manifest {
  revision?: unknown;
  wasm?: { entrypoint?: unknown; module?: unknown }[];
}

const BUNDLE_FILES = ['.manifest', 'policy.wasm', 'data.json'] as const;

async function readBundleFile(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch (cause) {
    throw new PolicyUnavailableError(`policy bundle file ${name} cannot be read in ${dir}`, {
      cause,
    });
  }
}

function parseJson(name: string, text: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(text).toString('utf8'));
  } catch (cause) {
    throw new PolicyUnavailableError(`policy bundle file ${name} is not valid JSON`, { cause });
  }
}

function fileOf(files: BundleFiles, name: string): Uint8Array {
  const content = files.get(name);
  if (content === undefined) throw new PolicyUnavailableError(`policy bundle lacks ${name}`);
  return content;
}

/** A data file below the root would be merged into `data` by OPA; the broker reads only the root one. */
function isNestedDataFile(name: string): boolean {
  return /(^|\/)(data\.(json|ya?ml)|patch\.json)$/.test(name) && name !== 'data.json';
}

/**
 * The bundle in a set of files (a directory's or a tarball's): the manifest's revision,
 * the wasm module of the decision entrypoint, and the root `data.json`.
 */
export function policyBundleFromFiles(files: BundleFiles): PolicyBundle {
  const manifest = parseJson('.manifest', fileOf(files, '.manifest')) as Manifest;
  if (typeof manifest.revision !== 'string' || manifest.revision === '') {
    throw new PolicyUnavailableError('policy bundle manifest has no revision');
  }
  const module = (manifest.wasm ?? []).find((entry) => entry.entrypoint === DECISION_ENTRYPOINT);
  if (module === undefined) {
    throw new PolicyUnavailableError(`policy bundle lacks the entrypoint ${DECISION_ENTRYPOINT}`);
  }
  const nested = [...files.keys()].find(isNestedDataFile);
  if (nested !== undefined) {
    throw new PolicyUnavailableError(`policy bundle has data outside data.json: ${nested}`);
  }
  const wasmName = typeof module.module === 'string' ? module.module.replace(/^\//, '') : '';
  return {
    revision: manifest.revision,
    wasm: fileOf(files, wasmName === '' ? 'policy.wasm' : wasmName),
    data: parseJson('data.json', fileOf(files, 'data.json')),
  };
}

/** Reads a bundle directory and checks it declares the decision entrypoint. */
export async function readPolicyBundle(dir: string): Promise<PolicyBundle> {
  const files = new Map<string, Uint8Array>();
  for (const name of BUNDLE_FILES) files.set(name, await readBundleFile(dir, name));
  return policyBundleFromFiles(files);
}

/**
 * The bundle in `files` once its signature verifies with `key` and every file is the
 * one the signature lists (see `verifyBundleSignature`); refused otherwise.
 *
 * @example
 * const bundle = readSignedPolicyBundle(await readBundleDirectory(dir), key);
 */
export function readSignedPolicyBundle(
  files: BundleFiles,
  key: PolicyVerificationKey,
): Promise<PolicyBundle> {
  return verifyBundleSignature(files, key).then(() => policyBundleFromFiles(files));
}
