import { describe, expect, it } from 'vitest';
import { failClosed } from '../../../broker/policy/decision.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import {
  PolicyEngineHolder,
  type StagedEngine,
} from '../../../broker/policy/policy-engine-holder.ts';
import { TestClock } from '../../support/clock.ts';
import { allowedPull } from '../../support/exchange-request.ts';

const NOW = '2027-12-31T23:59:00.000Z';
const RENEWAL_STARTS = '2028-01-01T00:00:00.000Z';
const JUST_BEFORE = '2027-12-31T23:59:59.999Z';

/** An engine that says who it is: its revision, its covenant version id, its decisions. */
function engine(revision: string): PolicyEngine {
  return {
    revision,
    decide: () => failClosed('POLICY_UNAVAILABLE', revision),
    vocabulary: () => new Map([[revision, new Set<string>()]]),
    purposeTitles: () => new Map(),
    covenantVersionId: () => `sha256:${revision}`,
  };
}

function decidedBy(holder: PolicyEngineHolder, at: string): string {
  return holder.decide(allowedPull({ at })).revision;
}

function holderAt(now: string) {
  const clock = new TestClock(now);
  const promotions: { revision: string; from: string; previous: string }[] = [];
  const holder = new PolicyEngineHolder(engine('running'), {
    clock,
    onPromoted: (promoted: StagedEngine, previous: PolicyEngine) =>
      promotions.push({
        revision: promoted.engine.revision,
        from: promoted.from.toISOString(),
        previous: previous.revision,
      }),
  });
  return { clock, holder, promotions };
}

describe('the policy engine holder with a staged bundle', () => {
  it('keeps deciding with the running engine until the staged one starts, and switches exactly at its start', () => {
    const { holder, promotions } = holderAt(NOW);
    holder.stage(engine('renewal'), new Date(RENEWAL_STARTS));

    expect(holder.revision).toBe('running');
    expect(holder.covenantVersionId('bonaire')).toBe('sha256:running');
    expect(holder.staged?.engine.revision).toBe('renewal');
    expect(decidedBy(holder, JUST_BEFORE)).toBe('running');
    expect(promotions).toEqual([]);

    expect(decidedBy(holder, RENEWAL_STARTS)).toBe('renewal');
    expect(promotions).toEqual([
      { revision: 'renewal', from: RENEWAL_STARTS, previous: 'running' },
    ]);
    // Promoted: from then on it is the current engine, whatever the clock says.
    expect(holder.staged).toBeNull();
    expect(holder.revision).toBe('renewal');
    expect(decidedBy(holder, JUST_BEFORE)).toBe('renewal');
  });

  it('follows the clock for what is asked without a decision: revision, covenant version, current engine', () => {
    const { clock, holder, promotions } = holderAt(NOW);
    holder.stage(engine('renewal'), new Date(RENEWAL_STARTS));
    clock.set(JUST_BEFORE);
    expect(holder.covenantVersionId('bonaire')).toBe('sha256:running');
    clock.set(RENEWAL_STARTS);
    expect(holder.covenantVersionId('bonaire')).toBe('sha256:renewal');
    expect(holder.current.revision).toBe('renewal');
    expect(holder.revision).toBe('renewal');
    expect(promotions).toHaveLength(1);
  });

  it('replaces an earlier staged engine by a later one: only the last staged takes over', () => {
    const { holder, promotions } = holderAt(NOW);
    holder.stage(engine('first-renewal'), new Date(RENEWAL_STARTS));
    holder.stage(engine('second-renewal'), new Date('2028-02-01T00:00:00.000Z'));

    expect(decidedBy(holder, RENEWAL_STARTS)).toBe('running');
    expect(decidedBy(holder, '2028-02-01T00:00:00.000Z')).toBe('second-renewal');
    expect(promotions.map((promotion) => promotion.revision)).toEqual(['second-renewal']);
  });

  it('activates a swapped engine at once and drops the staged one, which never takes over', () => {
    const { clock, holder, promotions } = holderAt(NOW);
    holder.stage(engine('renewal'), new Date(RENEWAL_STARTS));
    holder.swap(engine('correction'));

    expect(holder.staged).toBeNull();
    expect(holder.revision).toBe('correction');
    clock.set('2028-06-01T00:00:00.000Z');
    expect(decidedBy(holder, '2028-06-01T00:00:00.000Z')).toBe('correction');
    expect(holder.revision).toBe('correction');
    expect(promotions).toEqual([]);
  });
});
