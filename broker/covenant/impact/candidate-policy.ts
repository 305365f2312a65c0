import { PolicyBundleRefusedError, PolicyUnavailableError } from '../../errors/broker-error.ts';
import {
  type PolicyBundle,
  policyBundleFromFiles,
  readSignedPolicyBundle,
} from '../../policy/policy-bundle.ts';
import { readBundleDirectory } from '../../policy/policy-bundle-files.ts';
import type { PolicyVerificationKey } from '../../policy/policy-bundle-signature.ts';
import type { PolicyEngine } from '../../policy/policy-engine.ts';
import { WasmPolicyEngine } from '../../policy/wasm-policy-engine.ts';
import { bundlePartnerNames, type PartnerNames } from './partner-names.ts';

/** A candidate covenant's own term, which the report sets aside (see `loadCandidatePolicy`). */
export interface CandidateTerm {
  readonly notBefore: string;
  readonly notAfter: string;
}

/** A bundle proposed for activation, loaded to decide with but never activated. */
export interface CandidatePolicy {
  readonly revision: string;
  readonly engine: PolicyEngine;
  /** The candidate covenant's partners by id, with their names, for the report's lines. */
  readonly partnerNames: (network: string) => PartnerNames;
  /** The term the network's candidate covenant states, or null when it has none. */
  readonly term: (network: string) => CandidateTerm | null;
}

export interface CandidateLoading {
  /** The window of the decisions the candidate decides again. */
  readonly judgedOver: { readonly from: Date; readonly to: Date };
  /** With a key, the candidate must verify as the broker verifies a bundle it activates. */
  readonly verificationKey?: PolicyVerificationKey;
}

interface CovenantTerms {
  not_before?: unknown;
  not_after?: unknown;
}

/**
 * Loads the candidate bundle in `dir`, the one place the impact report reads a bundle.
 * A renewal states a term that starts after the decisions it is judged on, and deciding
 * them at their own times would deny every one as COVENANT_NOT_IN_FORCE, which says
 * nothing about its rules: so each covenant's term is widened to cover the window, and
 * the report names the term the candidate really states.
 *
 * @throws PolicyUnavailableError for a directory that holds no loadable bundle, and a
 *   policy bundle error for one that does not verify with `verificationKey`.
 */
export async function loadCandidatePolicy(
  dir: string,
  loading: CandidateLoading,
): Promise<CandidatePolicy> {
  let files: Awaited<ReturnType<typeof readBundleDirectory>>;
  try {
    files = await readBundleDirectory(dir);
  } catch (cause) {
    if (cause instanceof PolicyBundleRefusedError) throw cause;
    throw new PolicyUnavailableError(`no policy bundle can be read in ${dir}`, { cause });
  }
  const bundle =
    loading.verificationKey === undefined
      ? policyBundleFromFiles(files)
      : await readSignedPolicyBundle(files, loading.verificationKey);
  const terms = covenantTerms(bundle.data);
  const engine = await WasmPolicyEngine.fromBundle({
    ...bundle,
    data: widenedTerms(bundle.data, loading.judgedOver),
  });
  return {
    revision: bundle.revision,
    engine,
    partnerNames: (network) => bundlePartnerNames(bundle.data, network),
    term: (network) => terms.get(network) ?? null,
  };
}

function covenantsOf(data: unknown): Record<string, CovenantTerms> {
  const covenants = (data as { zvh?: { covenants?: unknown } } | null)?.zvh?.covenants;
  return typeof covenants === 'object' && covenants !== null
    ? (covenants as Record<string, CovenantTerms>)
    : {};
}

function covenantTerms(data: unknown): Map<string, CandidateTerm> {
  const terms = new Map<string, CandidateTerm>();
  for (const [network, covenant] of Object.entries(covenantsOf(data))) {
    const { not_before: notBefore, not_after: notAfter } = covenant;
    if (typeof notBefore === 'string' && typeof notAfter === 'string') {
      terms.set(network, { notBefore, notAfter });
    }
  }
  return terms;
}

function widenedTerms(data: PolicyBundle['data'], window: CandidateLoading['judgedOver']) {
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  const covenants = Object.fromEntries(
    Object.entries(covenantsOf(data)).map(([network, covenant]) => {
      const { not_before: notBefore, not_after: notAfter } = covenant;
      return [
        network,
        {
          ...covenant,
          not_before: typeof notBefore === 'string' && notBefore < from ? notBefore : from,
          not_after: typeof notAfter === 'string' && notAfter > to ? notAfter : to,
        },
      ];
    }),
  );
  const zvh = (data as { zvh?: object }).zvh ?? {};
  return { ...(data as object), zvh: { ...zvh, covenants } };
}
