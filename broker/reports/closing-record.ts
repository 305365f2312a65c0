import { CASE_PHASES, type CasePhase } from '../../policies/vocabulary/case-phases.ts';
import {
  type AgeBand,
  ageBandSchema,
  type CaseType,
  type EvaluationOutcome,
  type Gender,
  genderSchema,
  type LifeDomain,
  lifeDomainSchema,
} from '../store/domain-vocabulary.ts';

/** A registration triage did not take up: closed with advice, never evaluated. */
export const NOT_TAKEN_UP = 'not_taken_up';
export type ReportOutcome = EvaluationOutcome | typeof NOT_TAKEN_UP;

/**
 * What the yearly report keeps of a closed case once its data are deleted: no id, no
 * pseudonym, no date finer than the year of closing, durations in whole weeks. Everything
 * here is also in the case's `domain.*` audit entries; this record is what remains apart
 * from the trail, for counting.
 */
export interface ClosingRecord {
  readonly network: string;
  /** UTC, as every time the broker stores. */
  readonly closedYear: number;
  readonly caseType: CaseType;
  readonly outcome: ReportOutcome;
  /** In the vocabulary's order. */
  readonly lifeDomains: readonly LifeDomain[];
  /** In the order of gender, then age band; only combinations the case has. */
  readonly persons: readonly PersonCount[];
  /** Whole weeks spent in each phase before closing, in the order of the phases. */
  readonly phaseWeeks: Readonly<Partial<Record<CasePhase, number>>>;
}

export interface PersonCount {
  readonly gender: Gender;
  readonly ageBand: AgeBand;
  readonly count: number;
}

/** The facts of a case as it is closed, read from its rows. */
export interface ClosingFacts {
  readonly network: string;
  readonly caseType: CaseType;
  /** Null for a registration triage advised back to the registrant. */
  readonly outcome: EvaluationOutcome | null;
  readonly closedAt: string;
  readonly lifeDomains: readonly LifeDomain[];
  readonly persons: readonly { readonly ageBand: AgeBand; readonly gender: Gender }[];
  /** Every phase the case entered, in order; the record counts up to its last closing. */
  readonly phases: readonly { readonly phase: CasePhase; readonly enteredAt: string }[];
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * The record of a closing. It is a function of the facts alone, so the same closing gives
 * the same record when a reopen recomputes it to take it back out of the counts.
 *
 * @example
 * closingRecordOf(facts).closedYear; // 2026
 */
export function closingRecordOf(facts: ClosingFacts): ClosingRecord {
  return {
    network: facts.network,
    closedYear: new Date(facts.closedAt).getUTCFullYear(),
    caseType: facts.caseType,
    outcome: facts.outcome ?? NOT_TAKEN_UP,
    lifeDomains: lifeDomainSchema.options.filter((domain) => facts.lifeDomains.includes(domain)),
    persons: personCounts(facts.persons),
    phaseWeeks: phaseWeeks(facts.phases),
  };
}

function personCounts(persons: ClosingFacts['persons']): PersonCount[] {
  const counts: PersonCount[] = [];
  for (const gender of genderSchema.options) {
    for (const ageBand of ageBandSchema.options) {
      const count = persons.filter((p) => p.gender === gender && p.ageBand === ageBand).length;
      if (count > 0) counts.push({ gender, ageBand, count });
    }
  }
  return counts;
}

/**
 * Time in each phase up to the last time the case entered `closed`: a phase entered more
 * than once counts all its stays, a stay in `closed` before a reopen among them.
 */
function phaseWeeks(phases: ClosingFacts['phases']): Partial<Record<CasePhase, number>> {
  const lastClosing = phases.findLastIndex((entry) => entry.phase === 'closed');
  const stays = phases.slice(0, lastClosing + 1);
  const ms = new Map<CasePhase, number>();
  stays.forEach((stay, i) => {
    const next = stays[i + 1];
    if (next === undefined) return;
    const spent = Date.parse(next.enteredAt) - Date.parse(stay.enteredAt);
    ms.set(stay.phase, (ms.get(stay.phase) ?? 0) + spent);
  });
  const weeks: Partial<Record<CasePhase, number>> = {};
  for (const phase of CASE_PHASES) {
    const spent = ms.get(phase);
    if (spent !== undefined) weeks[phase] = Math.floor(spent / WEEK_MS);
  }
  return weeks;
}
