import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PolicyUnavailableError } from '../errors/broker-error.ts';

export const DECISION_ENTRYPOINT = 'zvh/exchange/decision';

/** The committed output of `npm run policy:build`. */
export interface PolicyBundle {
  readonly revision: string;
  readonly wasm: Uint8Array;
  readonly data: unknown;
}

interface Manifest {
  revision?: unknown;
  wasm?: { entrypoint?: unknown }[];
}

async function readBundleFile(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch (cause) {
    throw new PolicyUnavailableError(`policy bundle file ${name} cannot be read in ${dir}`, {
      cause,
    });
  }
}

function parseJson(name: string, text: Buffer): unknown {
  try {
    return JSON.parse(text.toString('utf8'));
  } catch (cause) {
    throw new PolicyUnavailableError(`policy bundle file ${name} is not valid JSON`, { cause });
  }
}

/** Reads a bundle directory and checks it declares the decision entrypoint. */
export async function readPolicyBundle(dir: string): Promise<PolicyBundle> {
  const manifest = parseJson('.manifest', await readBundleFile(dir, '.manifest')) as Manifest;
  if (typeof manifest.revision !== 'string' || manifest.revision === '') {
    throw new PolicyUnavailableError('policy bundle manifest has no revision');
  }
  const entrypoints = (manifest.wasm ?? []).map((module) => module.entrypoint);
  if (!entrypoints.includes(DECISION_ENTRYPOINT)) {
    throw new PolicyUnavailableError(`policy bundle lacks the entrypoint ${DECISION_ENTRYPOINT}`);
  }
  return {
    revision: manifest.revision,
    wasm: await readBundleFile(dir, 'policy.wasm'),
    data: parseJson('data.json', await readBundleFile(dir, 'data.json')),
  };
}
