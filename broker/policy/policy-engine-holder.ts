import { type Clock, systemClock } from '../../keys/clock.ts';
import type { CovenantVocabulary } from './covenant-vocabulary.ts';
import type { Decision } from './decision.ts';
import type { ExchangeRequest } from './exchange-request.ts';
import type { PolicyEngine } from './policy-engine.ts';
import type { PurposeTitles } from './purpose-titles.ts';

/** A bundle waiting for its term: it takes over at `from`. */
export interface StagedEngine {
  readonly engine: PolicyEngine;
  readonly from: Date;
}

export interface PolicyEngineHolderOptions {
  /** The time `revision`, `vocabulary`, `purposeTitles` and `covenantVersionId` are asked at. */
  readonly clock?: Clock;
  /** Told once when a staged engine takes over, with the engine it replaced. */
  readonly onPromoted?: (promoted: StagedEngine, previous: PolicyEngine) => void;
}

/**
 * The broker's policy engine across bundle swaps: every call goes to the engine active
 * at that moment. A decision reads the engine once and is made whole by it, revision
 * included, so what the audit trail records is the revision that decided; nothing may
 * keep the engine it was given at start.
 *
 * A renewal's bundle can be staged: it takes over at its start, exactly. A decision at or
 * after `from` (by its `at`) and any other call at or after `from` (by the clock) promotes
 * it, and from then on it is the current engine; nothing waits for a timer.
 *
 * @example
 * const policy = new PolicyEngineHolder(await WasmPolicyEngine.fromBundle(bundle), { clock });
 * policy.swap(await WasmPolicyEngine.fromBundle(next)); // later decisions use `next`
 * policy.stage(renewal, new Date('2028-01-01T00:00:00.000Z')); // decisions from then on use it
 */
export class PolicyEngineHolder implements PolicyEngine {
  #current: PolicyEngine;
  #staged: StagedEngine | null = null;
  readonly #clock: Clock;
  readonly #onPromoted: NonNullable<PolicyEngineHolderOptions['onPromoted']>;

  constructor(initial: PolicyEngine, options: PolicyEngineHolderOptions = {}) {
    this.#current = initial;
    this.#clock = options.clock ?? systemClock;
    this.#onPromoted = options.onPromoted ?? (() => undefined);
  }

  /** The engine decisions go to now. */
  get current(): PolicyEngine {
    return this.#engineAt(this.#clock.now().getTime());
  }

  /**
   * The engine that decides a request for the moment `at`, the same one `decide` would
   * take: a caller that reads facts for that engine's covenant before it decides holds it.
   */
  engineAt(at: Date): PolicyEngine {
    return this.#engineAt(at.getTime());
  }

  /** The engine waiting for its term, or null. */
  get staged(): StagedEngine | null {
    this.#engineAt(this.#clock.now().getTime());
    return this.#staged;
  }

  get revision(): string {
    return this.current.revision;
  }

  decide(request: ExchangeRequest): Decision {
    return this.#engineAt(Date.parse(request.at)).decide(request);
  }

  vocabulary(network: string): CovenantVocabulary {
    return this.current.vocabulary(network);
  }

  purposeTitles(network: string): PurposeTitles {
    return this.current.purposeTitles(network);
  }

  covenantVersionId(network: string): string | null {
    return this.current.covenantVersionId(network);
  }

  /**
   * One step: the next call goes to `next`; a call under way finishes where it started.
   * A staged engine is dropped: what is activated now supersedes what was to come.
   */
  swap(next: PolicyEngine): void {
    this.#current = next;
    this.#staged = null;
  }

  /** `next` takes over at `from`; it replaces an engine staged before. */
  stage(next: PolicyEngine, from: Date): void {
    this.#staged = { engine: next, from: new Date(from.getTime()) };
  }

  /** Drops the staged engine, if any: the current one stays on. */
  unstage(): void {
    this.#staged = null;
  }

  /** The engine for a moment in epoch milliseconds, promoting the staged one once its term began. */
  #engineAt(at: number): PolicyEngine {
    const staged = this.#staged;
    if (staged !== null && at >= staged.from.getTime()) {
      const previous = this.#current;
      this.#current = staged.engine;
      this.#staged = null;
      this.#onPromoted(staged, previous);
    }
    return this.#current;
  }
}

/** The engine a policy deciding now would use: the holder's current one, or the engine itself. */
export function activeEngine(policy: PolicyEngine): PolicyEngine {
  return policy instanceof PolicyEngineHolder ? policy.current : policy;
}

/**
 * The one engine that decides a flow at `at`, held from the reading of its covenant's parties
 * to its decision, so that a bundle swapped in between cannot decide on the parties of
 * another covenant version.
 */
export function engineDecidingAt(policy: PolicyEngine, at: Date): PolicyEngine {
  return policy instanceof PolicyEngineHolder ? policy.engineAt(at) : policy;
}
