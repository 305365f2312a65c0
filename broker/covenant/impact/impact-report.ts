import { z } from 'zod';
import type { ExchangeRequest } from '../../policy/exchange-request.ts';
import type { PolicyEngine } from '../../policy/policy-engine.ts';
import {
  type KeptDecision,
  type KeptOutcome,
  keptOutcome,
  permitsCategory,
} from '../../store/decision-history.ts';
import type { CandidateTerm } from './candidate-policy.ts';
import type { PartnerNames } from './partner-names.ts';

export const MAX_IMPACT_DAYS = 3_650;
/** The window when none is asked for: about a quarter. */
export const DEFAULT_IMPACT_DAYS = 90;
const DAY_MS = 86_400_000;

/** What would become of one category of one decision under the candidate. */
export type CategoryChange = 'allowed_to_denied' | 'denied_to_allowed';

/** Category decisions that would change the same way for the same reasons. */
export interface ImpactGroup {
  /** The organisation that receives the data: the requester of a pull, the recipient of a push. */
  readonly partner: { readonly id: string; readonly name: string | null };
  readonly purpose: string;
  readonly category: string;
  readonly change: CategoryChange;
  /**
   * `allowed_to_denied`: why the candidate would deny; `denied_to_allowed`: why the
   * category was denied when it was decided.
   */
  readonly reasons: readonly string[];
  readonly count: number;
}

export interface ImpactReport {
  readonly network: string;
  readonly candidateRevision: string;
  /**
   * The term the candidate covenant states. The candidate decided as if it were in force
   * over the whole window, so that a renewal that starts later is judged by its rules.
   */
  readonly candidateTerm: CandidateTerm | null;
  /** The window of decision times, [from, to). */
  readonly from: string;
  readonly to: string;
  readonly days: number;
  /** Decisions decided again under the candidate. */
  readonly decisions: number;
  /** Of those, the decisions with at least one category that would change. */
  readonly changedDecisions: number;
  /** Kept inputs this report cannot read as an exchange request: left out, and counted. */
  readonly unreadable: number;
  /**
   * Kept inputs the candidate refuses as INPUT_INVALID although the policy of their time
   * decided on them: kept before the input changed shape (a new fact the policy requires),
   * or a candidate that no longer reads the input the broker gives. Either way the
   * candidate judged no rule of the protocol on them, so they are left out of the
   * comparison, and counted.
   */
  readonly unreadableByCandidate: number;
  /** Per requested category of every decision. */
  readonly totals: {
    readonly allowedToDenied: number;
    readonly deniedToAllowed: number;
    readonly unchanged: number;
  };
  /** Ordered by partner, purpose, category, change and reasons. */
  readonly changes: readonly ImpactGroup[];
}

export interface ImpactWindow {
  readonly network: string;
  readonly from: Date;
  readonly to: Date;
  readonly days: number;
}

export interface ImpactCandidate {
  readonly revision: string;
  readonly engine: PolicyEngine;
  readonly partnerNames: PartnerNames;
  /** The term the candidate covenant states; it decided as if in force over the window. */
  readonly term: CandidateTerm | null;
}

/** The last `days` days up to `now`: the window the CLI and the workspace report on. */
export function impactWindowEndingAt(now: Date, days: number): Omit<ImpactWindow, 'network'> {
  return { from: new Date(now.getTime() - days * DAY_MS), to: now, days };
}

/** The little of an input the report groups by; the engine gets the input whole. */
const readableInputSchema = z.looseObject({
  purpose: z.string(),
  categories: z.array(z.string()),
  recipient: z.looseObject({ organisation: z.string() }),
});

/**
 * Decides every kept decision of the window again under the candidate, on its input as it
 * was (the same time, facts and parties), and counts per requested category what would
 * change: a category the broker let go that the candidate would withhold, and the
 * reverse. Nothing leaves the broker and nothing is written: the candidate only decides.
 *
 * @example
 * const report = await impactReport(store.decisions.between(network, from, to),
 *   { revision, engine, partnerNames: names(network) }, { network, from, to, days: 90 });
 */
export async function impactReport(
  history: AsyncIterable<KeptDecision>,
  candidate: ImpactCandidate,
  window: ImpactWindow,
): Promise<ImpactReport> {
  const groups = new Map<string, ImpactGroup>();
  const totals = { allowedToDenied: 0, deniedToAllowed: 0, unchanged: 0 };
  let decisions = 0;
  let changedDecisions = 0;
  let unreadable = 0;
  let unreadableByCandidate = 0;
  for await (const kept of history) {
    const readable = readableInputSchema.safeParse(kept.input);
    if (!readable.success) {
      unreadable += 1;
      continue;
    }
    const after = keptOutcome(candidate.engine.decide(kept.input as ExchangeRequest));
    if (invalidInput(after) && !invalidInput(kept.outcome)) {
      unreadableByCandidate += 1;
      continue;
    }
    decisions += 1;
    const input = readable.data;
    let changed = false;
    for (const category of new Set(input.categories)) {
      const change = changeOf(kept.outcome, after, category);
      if (change === undefined) {
        totals.unchanged += 1;
        continue;
      }
      changed = true;
      if (change === 'allowed_to_denied') totals.allowedToDenied += 1;
      else totals.deniedToAllowed += 1;
      const partner = input.recipient.organisation;
      const reasons = reasonsFor(change === 'allowed_to_denied' ? after : kept.outcome, category);
      const key = JSON.stringify([partner, input.purpose, category, change, reasons]);
      const group = groups.get(key);
      groups.set(key, {
        partner: { id: partner, name: candidate.partnerNames.get(partner) ?? null },
        purpose: input.purpose,
        category,
        change,
        reasons,
        count: (group?.count ?? 0) + 1,
      });
    }
    if (changed) changedDecisions += 1;
  }
  return {
    network: window.network,
    candidateRevision: candidate.revision,
    candidateTerm: candidate.term,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    days: window.days,
    decisions,
    changedDecisions,
    unreadable,
    unreadableByCandidate,
    totals,
    changes: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, group]) => group),
  };
}

function invalidInput(outcome: KeptOutcome): boolean {
  return outcome.reasons.some(
    (reason) => reason.code === 'INPUT_INVALID' && reason.category === undefined,
  );
}

function changeOf(
  before: KeptOutcome,
  after: KeptOutcome,
  category: string,
): CategoryChange | undefined {
  const was = permitsCategory(before, category);
  const would = permitsCategory(after, category);
  if (was === would) return undefined;
  return was ? 'allowed_to_denied' : 'denied_to_allowed';
}

/** The codes that withheld `category`: its own, and those that withheld the whole request. */
function reasonsFor(outcome: KeptOutcome, category: string): string[] {
  const codes = outcome.reasons
    .filter((reason) => reason.category === undefined || reason.category === category)
    .map((reason) => reason.code);
  return [...new Set(codes)].sort();
}
