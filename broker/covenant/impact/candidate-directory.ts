import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '../../../adapters/contract/coded-error.ts';
import type { PolicyVerificationKey } from '../../policy/policy-bundle-signature.ts';

/**
 * Where the operator places candidate bundles for the impact report
 * (`BROKER_POLICY_CANDIDATES`): a directory of bundle directories, each as
 * `npm run policy:build` writes one.
 */
export interface CandidateDirectory {
  readonly dir: string;
  /** With it, a candidate must verify as the broker verifies a bundle it activates. */
  readonly verificationKey?: PolicyVerificationKey;
}

export interface ListedCandidate {
  /** The bundle directory's name inside the candidate directory. */
  readonly name: string;
  /** The revision its `.manifest` states, or null when it states none. */
  readonly revision: string | null;
}

/** Names a form may choose: no path separator, nothing hidden, nothing that climbs out. */
const CANDIDATE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** More than an operator places at once; a directory holding more is listed this far. */
const MAX_CANDIDATES = 200;

/**
 * The candidate bundles in `dir`, by name: every directory in it with a `.manifest`. A
 * symbolic link is not followed, as the broker reads no bundle through one.
 *
 * @throws the file system's error when `dir` cannot be read.
 */
export async function listCandidates(dir: string): Promise<ListedCandidate[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const listed: ListedCandidate[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (listed.length === MAX_CANDIDATES) break;
    if (!entry.isDirectory() || !CANDIDATE_NAME.test(entry.name)) continue;
    const manifest = await readFile(join(dir, entry.name, '.manifest'), 'utf8').catch(() => null);
    if (manifest === null) continue;
    listed.push({ name: entry.name, revision: revisionOf(manifest) });
  }
  return listed;
}

/**
 * The directory of the candidate named `name`, only when the listing names it: a posted
 * form chooses among the listed bundles and reaches nothing else.
 *
 * @throws NotFoundError for a name the directory does not list.
 */
export async function candidatePath(dir: string, name: string): Promise<string> {
  const listed = await listCandidates(dir);
  if (!listed.some((candidate) => candidate.name === name)) {
    throw new NotFoundError('candidate bundle');
  }
  return join(dir, name);
}

function revisionOf(manifest: string): string | null {
  try {
    const revision = (JSON.parse(manifest) as { revision?: unknown } | null)?.revision;
    return typeof revision === 'string' && revision !== '' ? revision.slice(0, 200) : null;
  } catch {
    return null;
  }
}
