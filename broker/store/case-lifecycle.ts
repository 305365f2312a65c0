import type { CasePhase } from '../../policies/vocabulary/case-phases.ts';
import { CaseTransitionError } from '../errors/broker-error.ts';

/**
 * The four-phase model of DOMAIN.md as a state machine. Registration leads to triage;
 * triage accepts the case (case meeting) or advises the registering partner (closed); the
 * case meeting's plan is followed up in monitoring; a stable case waits on the shadow list
 * and returns to the case meeting if problems return; a closed case can be reopened.
 */
export const CASE_TRANSITIONS = {
  registration: { start_triage: 'triage' },
  triage: { accept: 'case_meeting', advise_registrant: 'closed' },
  case_meeting: { start_monitoring: 'monitoring' },
  monitoring: {
    return_to_case_meeting: 'case_meeting',
    move_to_shadow_list: 'shadow_list',
    close: 'closed',
  },
  shadow_list: { return_to_case_meeting: 'case_meeting', close: 'closed' },
  closed: { reopen: 'case_meeting' },
} as const satisfies Record<CasePhase, Partial<Record<string, CasePhase>>>;

export type CaseAction = {
  [P in CasePhase]: keyof (typeof CASE_TRANSITIONS)[P];
}[CasePhase];

/** The actions the phase allows, in a stable order for error messages. */
export function allowedActions(phase: CasePhase): CaseAction[] {
  return Object.keys(CASE_TRANSITIONS[phase]) as CaseAction[];
}

/**
 * The phase an action leads to, or a CaseTransitionError naming the allowed actions.
 *
 * @example
 * nextPhase('triage', 'accept'); // 'case_meeting'
 */
export function nextPhase(phase: CasePhase, action: CaseAction): CasePhase {
  const transitions: Partial<Record<string, CasePhase>> = CASE_TRANSITIONS[phase];
  const next = transitions[action];
  if (next === undefined) throw new CaseTransitionError(phase, action, allowedActions(phase));
  return next;
}

/**
 * The review date of the shadow list: `months` (the covenant's term, half a year in
 * Bonaire's) after the case was put on it; six months from 31 August is the last day of
 * February, not 3 March.
 */
export function shadowReviewDate(from: Date, months: number): Date {
  const review = new Date(from.getTime());
  review.setUTCDate(1);
  review.setUTCMonth(review.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(review.getUTCFullYear(), review.getUTCMonth() + 1, 0));
  review.setUTCDate(Math.min(from.getUTCDate(), lastDay.getUTCDate()));
  return review;
}

/**
 * A review is overdue once it has been due for a month: two case meetings (every two
 * weeks on Bonaire) passed without it, which the process director should see flagged.
 */
export const SHADOW_REVIEW_OVERDUE_MONTHS = 1;

export interface ShadowReviewState {
  /** The review date has come and the case is still on the shadow list. */
  readonly reviewDue: boolean;
  /** Due for longer than SHADOW_REVIEW_OVERDUE_MONTHS. */
  readonly reviewOverdue: boolean;
}

/**
 * Whether a case's shadow-list review is due or overdue at `now`. Only a case on the
 * shadow list has a review; closing it or returning it to the case meeting is the review.
 */
export function shadowReviewState(
  phase: CasePhase,
  reviewAt: string | null,
  now: Date,
): ShadowReviewState {
  if (phase !== 'shadow_list' || reviewAt === null) {
    return { reviewDue: false, reviewOverdue: false };
  }
  const due = new Date(reviewAt);
  return {
    reviewDue: due.getTime() <= now.getTime(),
    reviewOverdue: shadowReviewDate(due, SHADOW_REVIEW_OVERDUE_MONTHS).getTime() <= now.getTime(),
  };
}
