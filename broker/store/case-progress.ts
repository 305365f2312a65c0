import type { Kysely } from 'kysely';
import type { CasePhase } from '../../policies/vocabulary/case-phases.ts';
import type { CaseActions, CaseActionView } from './case-actions.ts';
import { loadCase } from './case-guard.ts';
import type { Database } from './database.ts';

export interface PhaseEntered {
  readonly phase: CasePhase;
  readonly enteredAt: string;
}

export interface MeetingHeld {
  /** YYYY-MM-DD. */
  readonly on: string;
  /** The actions this meeting agreed. */
  readonly actionIds: readonly string[];
}

export interface CaseProgress {
  readonly phases: readonly PhaseEntered[];
  readonly meetings: readonly MeetingHeld[];
  readonly actions: readonly CaseActionView[];
}

/**
 * The course of a case as its participants follow it (VIS2 shows them as much): the phases
 * it went through, the case meetings that agreed actions, and the actions and their
 * status. It holds nothing that was exchanged about a person: no categories, no fields,
 * no persons. A meeting is known by the actions it agreed.
 */
export class CaseProgressReader {
  readonly #db: Kysely<Database>;
  readonly #actions: CaseActions;

  constructor(db: Kysely<Database>, actions: CaseActions) {
    this.#db = db;
    this.#actions = actions;
  }

  /**
   * @example
   * const { phases, meetings, actions } = await store.progress.of('bonaire', caseId);
   */
  async of(network: string, caseId: string): Promise<CaseProgress> {
    const row = await loadCase(this.#db, network, caseId);
    const phases = await this.#db
      .selectFrom('case_phases')
      .select(['phase', 'entered_at'])
      .where('case_id', '=', row.id)
      .orderBy('entered_at')
      .orderBy('seq')
      .execute();
    const actions = await this.#actions.list(network, caseId);
    const meetings = new Map<string, string[]>();
    for (const action of [...actions].sort((a, b) => a.agreedAt.localeCompare(b.agreedAt))) {
      meetings.set(action.meetingOn, [...(meetings.get(action.meetingOn) ?? []), action.id]);
    }
    return {
      phases: phases.map((p) => ({ phase: p.phase as CasePhase, enteredAt: p.entered_at })),
      meetings: [...meetings.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([on, actionIds]) => ({ on, actionIds })),
      actions,
    };
  }
}
