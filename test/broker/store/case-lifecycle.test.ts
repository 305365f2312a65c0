import { describe, expect, it } from 'vitest';
import { CaseTransitionError } from '../../../broker/errors/broker-error.ts';
import {
  allowedActions,
  CASE_TRANSITIONS,
  type CaseAction,
  nextPhase,
  shadowReviewDate,
  shadowReviewState,
} from '../../../broker/store/case-lifecycle.ts';
import type { CasePhase } from '../../../policies/vocabulary/case-phases.ts';

const PHASES = Object.keys(CASE_TRANSITIONS) as CasePhase[];
const ACTIONS = [...new Set(PHASES.flatMap(allowedActions))];

describe('the case state machine', () => {
  it('allows exactly the transitions of the table and refuses every other pair', () => {
    for (const phase of PHASES) {
      for (const action of ACTIONS) {
        const target = (CASE_TRANSITIONS[phase] as Partial<Record<CaseAction, CasePhase>>)[action];
        if (target === undefined) {
          expect(() => nextPhase(phase, action)).toThrow(CaseTransitionError);
        } else {
          expect(nextPhase(phase, action)).toBe(target);
        }
      }
    }
  });

  it('reaches every phase from registration', () => {
    const reached = new Set<CasePhase>(['registration']);
    let frontier: CasePhase[] = ['registration'];
    while (frontier.length > 0) {
      frontier = frontier
        .flatMap((phase) => allowedActions(phase).map((action) => nextPhase(phase, action)))
        .filter((phase) => !reached.has(phase));
      for (const phase of frontier) reached.add(phase);
    }
    expect([...reached].sort()).toEqual([...PHASES].sort());
  });

  it('puts the shadow-list review half a year out, clamped to the end of the month', () => {
    expect(shadowReviewDate(new Date('2026-03-02T09:00:00.000Z'), 6).toISOString()).toBe(
      '2026-09-02T09:00:00.000Z',
    );
    expect(shadowReviewDate(new Date('2027-08-31T09:00:00.000Z'), 6).toISOString()).toBe(
      '2028-02-29T09:00:00.000Z',
    );
    expect(shadowReviewDate(new Date('2027-08-31T09:00:00.000Z'), 3).toISOString()).toBe(
      '2027-11-30T09:00:00.000Z',
    );
  });

  it('makes a review due on its date and overdue a month later, on the shadow list only', () => {
    const at = '2026-09-02T09:00:00.000Z';
    const state = (phase: CasePhase, now: string) => shadowReviewState(phase, at, new Date(now));
    expect(state('shadow_list', '2026-09-02T08:59:59.999Z')).toEqual({
      reviewDue: false,
      reviewOverdue: false,
    });
    expect(state('shadow_list', at)).toEqual({ reviewDue: true, reviewOverdue: false });
    expect(state('shadow_list', '2026-10-02T08:59:59.999Z')).toEqual({
      reviewDue: true,
      reviewOverdue: false,
    });
    expect(state('shadow_list', '2026-10-02T09:00:00.000Z')).toEqual({
      reviewDue: true,
      reviewOverdue: true,
    });
    expect(state('closed', '2027-01-01T00:00:00.000Z')).toEqual({
      reviewDue: false,
      reviewOverdue: false,
    });
  });
});
