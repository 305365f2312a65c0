import { type LoadedPolicy, loadPolicy } from '@open-policy-agent/opa-wasm';
import { bundleCovenantIds } from '../covenant/bundle-covenants.ts';
import {
  type BrokerError,
  PolicyEvaluationError,
  PolicyResultInvalidError,
  PolicyUnavailableError,
} from '../errors/broker-error.ts';
import {
  type CovenantVocabulary,
  covenantVocabularies,
  NO_WORDS,
  type VocabularyLookup,
} from './covenant-vocabulary.ts';
import { type Decision, failClosed, policyDecisionSchema } from './decision.ts';
import type { ExchangeRequest } from './exchange-request.ts';
import { DECISION_ENTRYPOINT, type PolicyBundle, readPolicyBundle } from './policy-bundle.ts';
import type { PolicyEngine } from './policy-engine.ts';
import { covenantPurposeTitles, type PurposeTitles } from './purpose-titles.ts';

/** WebAssembly pages of 64 KiB. The maximum caps what a runaway evaluation can take. */
export interface PolicyMemoryLimits {
  readonly initialPages: number;
  readonly maximumPages: number;
}

export interface WasmPolicyEngineOptions {
  readonly memory?: PolicyMemoryLimits;
  /** Told about every failure that turned into a fail-closed decision. */
  readonly onError?: (error: BrokerError) => void;
}

const DEFAULT_MEMORY: PolicyMemoryLimits = { initialPages: 16, maximumPages: 256 };

/** opa-wasm throws strings and plain objects; keep whatever it said as the message. */
function describe(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  return JSON.stringify(thrown);
}

/**
 * Evaluates the compiled exchange policy in-process. The module is instantiated and the
 * covenant data set once; each decision passes only its facts as input, and opa-wasm
 * resets the heap to just after the data on every evaluation, so memory stays flat.
 */
export class WasmPolicyEngine implements PolicyEngine {
  readonly revision: string;
  readonly #policy: LoadedPolicy;
  readonly #onError: (error: BrokerError) => void;
  readonly #vocabulary: VocabularyLookup;
  readonly #data: unknown;
  readonly #covenantIds: ReadonlyMap<string, string>;

  private constructor(
    bundle: PolicyBundle,
    policy: LoadedPolicy,
    onError: (e: BrokerError) => void,
  ) {
    this.revision = bundle.revision;
    this.#policy = policy;
    this.#onError = onError;
    this.#vocabulary = covenantVocabularies(bundle.data);
    this.#data = bundle.data;
    this.#covenantIds = bundleCovenantIds(bundle.data);
  }

  /**
   * @example
   * const engine = await WasmPolicyEngine.fromBundle(await readPolicyBundle('policies/bundle'));
   * const decision = engine.decide(request);
   */
  static async fromBundle(
    bundle: PolicyBundle,
    options: WasmPolicyEngineOptions = {},
  ): Promise<WasmPolicyEngine> {
    const memory = options.memory ?? DEFAULT_MEMORY;
    if (memory.initialPages < 1 || memory.maximumPages < memory.initialPages) {
      throw new TypeError('policy memory: need 1 <= initialPages <= maximumPages');
    }
    let policy: LoadedPolicy;
    try {
      policy = await loadPolicy(bundle.wasm, {
        initial: memory.initialPages,
        maximum: memory.maximumPages,
      });
      if (!(DECISION_ENTRYPOINT in policy.entrypoints)) {
        throw new Error(`module has no entrypoint ${DECISION_ENTRYPOINT}`);
      }
      policy.setData(bundle.data as object);
    } catch (thrown) {
      throw new PolicyUnavailableError(`policy module failed to load: ${describe(thrown)}`, {
        cause: thrown,
      });
    }
    return new WasmPolicyEngine(bundle, policy, options.onError ?? (() => {}));
  }

  /** Bytes of WebAssembly memory the policy holds now. */
  get memoryBytes(): number {
    return this.#policy.mem.buffer.byteLength;
  }

  decide(request: ExchangeRequest): Decision {
    let resultSet: unknown;
    try {
      resultSet = this.#policy.evaluate(request, DECISION_ENTRYPOINT);
    } catch (thrown) {
      return this.#fail(new PolicyEvaluationError(describe(thrown), { cause: thrown }));
    }
    const result = Array.isArray(resultSet) && resultSet.length === 1 ? resultSet[0] : undefined;
    const parsed = policyDecisionSchema.safeParse(result?.result);
    if (!parsed.success) {
      return this.#fail(new PolicyResultInvalidError(`decision: ${parsed.error.message}`));
    }
    return { ...parsed.data, revision: this.revision };
  }

  vocabulary(network: string): CovenantVocabulary {
    return this.#vocabulary(network);
  }

  purposeTitles(network: string): PurposeTitles {
    return covenantPurposeTitles(this.#data, network);
  }

  covenantVersionId(network: string): string | null {
    return this.#covenantIds.get(network) ?? null;
  }

  #fail(error: PolicyEvaluationError | PolicyResultInvalidError): Decision {
    this.#onError(error);
    return failClosed(error.code, this.revision);
  }
}

/** The engine of a broker whose policy could not be loaded: every decision is a deny. */
export class UnavailablePolicyEngine implements PolicyEngine {
  readonly revision = 'unavailable';
  readonly cause: PolicyUnavailableError;

  constructor(cause: PolicyUnavailableError) {
    this.cause = cause;
  }

  decide(): Decision {
    return failClosed('POLICY_UNAVAILABLE', this.revision);
  }

  /** Without its policy the broker knows no covenant: the trail records no name verbatim. */
  vocabulary(): CovenantVocabulary {
    return NO_WORDS;
  }

  purposeTitles(): PurposeTitles {
    return new Map();
  }

  /** Without its policy no covenant is in force: no organisation is a party. */
  covenantVersionId(): string | null {
    return null;
  }
}

/**
 * Loads the bundle in `dir`; if that fails, reports why and returns an engine that
 * denies everything, so a broker with a broken policy stays up and releases nothing.
 */
export async function openPolicyEngine(
  dir: string,
  options: WasmPolicyEngineOptions = {},
): Promise<PolicyEngine> {
  try {
    return await WasmPolicyEngine.fromBundle(await readPolicyBundle(dir), options);
  } catch (error) {
    if (!(error instanceof PolicyUnavailableError)) throw error;
    options.onError?.(error);
    return new UnavailablePolicyEngine(error);
  }
}
