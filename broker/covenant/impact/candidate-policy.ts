import { readPolicyBundle } from '../../policy/policy-bundle.ts';
import type { PolicyEngine } from '../../policy/policy-engine.ts';
import { WasmPolicyEngine } from '../../policy/wasm-policy-engine.ts';
import { bundlePartnerNames, type PartnerNames } from './partner-names.ts';

/** A bundle proposed for activation, loaded to decide with but never activated. */
export interface CandidatePolicy {
  readonly revision: string;
  readonly engine: PolicyEngine;
  /** The candidate covenant's partners by id, with their names, for the report's lines. */
  readonly partnerNames: (network: string) => PartnerNames;
}

/**
 * Loads the candidate bundle in `dir`. The one place the impact report reads a bundle:
 * once the broker verifies bundles' signatures before it activates them, this is to read
 * the candidate through the same verification, so that a report is never about a bundle
 * the broker would refuse.
 *
 * @throws PolicyUnavailableError for a directory that holds no loadable bundle.
 */
export async function loadCandidatePolicy(dir: string): Promise<CandidatePolicy> {
  const bundle = await readPolicyBundle(dir);
  const engine = await WasmPolicyEngine.fromBundle(bundle);
  return {
    revision: bundle.revision,
    engine,
    partnerNames: (network) => bundlePartnerNames(bundle.data, network),
  };
}
