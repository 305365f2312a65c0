import type { CovenantVocabulary } from './covenant-vocabulary.ts';
import type { Decision } from './decision.ts';
import type { ExchangeRequest } from './exchange-request.ts';
import type { PolicyEngine } from './policy-engine.ts';
import type { PurposeTitles } from './purpose-titles.ts';

/**
 * The broker's policy engine across bundle swaps: every call goes to the engine active
 * at that moment. A decision reads the engine once and is made whole by it, revision
 * included, so what the audit trail records is the revision that decided; nothing may
 * keep the engine it was given at start.
 *
 * @example
 * const policy = new PolicyEngineHolder(await WasmPolicyEngine.fromBundle(bundle));
 * policy.swap(await WasmPolicyEngine.fromBundle(next)); // later decisions use `next`
 */
export class PolicyEngineHolder implements PolicyEngine {
  #current: PolicyEngine;

  constructor(initial: PolicyEngine) {
    this.#current = initial;
  }

  /** The engine decisions go to now. */
  get current(): PolicyEngine {
    return this.#current;
  }

  get revision(): string {
    return this.#current.revision;
  }

  decide(request: ExchangeRequest): Decision {
    return this.#current.decide(request);
  }

  vocabulary(network: string): CovenantVocabulary {
    return this.#current.vocabulary(network);
  }

  purposeTitles(network: string): PurposeTitles {
    return this.#current.purposeTitles(network);
  }

  covenantVersionId(network: string): string | null {
    return this.#current.covenantVersionId(network);
  }

  /** One step: the next call goes to `next`; a call under way finishes where it started. */
  swap(next: PolicyEngine): void {
    this.#current = next;
  }
}

/** The engine a policy deciding now would use: the holder's current one, or the engine itself. */
export function activeEngine(policy: PolicyEngine): PolicyEngine {
  return policy instanceof PolicyEngineHolder ? policy.current : policy;
}
