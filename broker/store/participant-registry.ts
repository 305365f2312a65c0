import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import type { CasePhase } from '../../policies/vocabulary/case-phases.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { CovenantParties } from '../covenant/covenant-parties.ts';
import { CaseTransitionError, RecordConflictError } from '../errors/broker-error.ts';
import { type Actor, actorSchema } from './actor.ts';
import { loadCase, requirePartner, requireRole } from './case-guard.ts';
import { allowedActions } from './case-lifecycle.ts';
import type { Database } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import { parseInput } from './parse-input.ts';

/**
 * The process director is appointed by starting triage and the case director by
 * appointment; adding covers the other roles.
 */
const participantInputSchema = z.strictObject({
  organisation: actorSchema.shape.organisation,
  user: actorSchema.shape.user,
  role: z.enum(['case_participant', 'privacy_officer']),
});
export type ParticipantInput = z.input<typeof participantInputSchema>;

const PHASES_WITH_CASE_DIRECTOR: readonly CasePhase[] = [
  'case_meeting',
  'monitoring',
  'shadow_list',
];

export interface ParticipantView {
  readonly id: string;
  readonly organisation: string;
  readonly user: string;
  readonly role: CaseRole;
  readonly addedAt: string;
}

/** Which partners, and which of their employees in which role, take part in a case. */
export class ParticipantRegistry {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #parties: CovenantParties;

  constructor(db: Kysely<Database>, clock: Clock, parties: CovenantParties) {
    this.#db = db;
    this.#clock = clock;
    this.#parties = parties;
  }

  /** Only the process director adds participants, and only employees of current partners. */
  async add(
    network: string,
    caseId: string,
    actor: Actor,
    input: ParticipantInput,
  ): Promise<ParticipantView> {
    const participant = parseInput(participantInputSchema, input, 'participant');
    return this.#insert(network, caseId, actor, participant, 'participant.added');
  }

  /**
   * "1 family, 1 plan, 1 coordinator": appointing a case director replaces the previous one.
   */
  async appointCaseDirector(
    network: string,
    caseId: string,
    actor: Actor,
    appointee: Actor,
  ): Promise<ParticipantView> {
    const director = parseInput(actorSchema, appointee, 'case director');
    return this.#insert(
      network,
      caseId,
      actor,
      { ...director, role: 'case_director' },
      'case.case_director_appointed',
    );
  }

  async remove(
    network: string,
    caseId: string,
    actor: Actor,
    participantId: string,
  ): Promise<void> {
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      await requireRole(trx, row.id, by, 'process_director', 'remove_participant');
      const target = await trx
        .selectFrom('participants')
        .selectAll()
        .where('case_id', '=', row.id)
        .where('id', '=', participantId)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (target === undefined) throw new NotFoundError('participant');
      await trx
        .updateTable('participants')
        .set({ removed_at: at.toISOString() })
        .where('id', '=', target.id)
        .execute();
      await DomainEventLog.append(trx, {
        type: 'participant.removed',
        network,
        actor: by,
        at,
        caseId: row.id,
        personPseudonym: null,
        details: {
          participant_id: target.id,
          organisation: target.organisation_id,
          user: target.user_id,
          role: target.role,
        },
      });
    });
  }

  async list(network: string, caseId: string): Promise<ParticipantView[]> {
    await loadCase(this.#db, network, caseId);
    const rows = await this.#db
      .selectFrom('participants')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('removed_at', 'is', null)
      .orderBy('added_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      organisation: row.organisation_id,
      user: row.user_id,
      role: row.role as CaseRole,
      addedAt: row.added_at,
    }));
  }

  async #insert(
    network: string,
    caseId: string,
    actor: Actor,
    participant: { organisation: string; user: string; role: CaseRole },
    eventType: string,
  ): Promise<ParticipantView> {
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now();
    const id = randomUUID();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      const action =
        participant.role === 'case_director' ? 'appoint_case_director' : 'add_participant';
      await requireRole(trx, row.id, by, 'process_director', action);
      if (row.phase === 'closed') throw new RecordConflictError('the case is closed');
      if (
        participant.role === 'case_director' &&
        !PHASES_WITH_CASE_DIRECTOR.includes(row.phase as CasePhase)
      ) {
        throw new CaseTransitionError(row.phase, action, allowedActions(row.phase as CasePhase));
      }
      await requirePartner(trx, this.#parties, network, participant.organisation);
      const same = await trx
        .selectFrom('participants')
        .select('id')
        .where('case_id', '=', row.id)
        .where('organisation_id', '=', participant.organisation)
        .where('user_id', '=', participant.user)
        .where('role', '=', participant.role)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (same !== undefined) throw new RecordConflictError('already a participant in this role');
      let replaced: string | null = null;
      if (participant.role === 'case_director') {
        const previous = await trx
          .updateTable('participants')
          .set({ removed_at: at.toISOString() })
          .where('case_id', '=', row.id)
          .where('role', '=', 'case_director')
          .where('removed_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        replaced = previous?.id ?? null;
      }
      await trx
        .insertInto('participants')
        .values({
          id,
          case_id: row.id,
          organisation_id: participant.organisation,
          user_id: participant.user,
          role: participant.role,
          added_at: at.toISOString(),
          removed_at: null,
        })
        .execute();
      await DomainEventLog.append(trx, {
        type: eventType,
        network,
        actor: by,
        at,
        caseId: row.id,
        personPseudonym: null,
        details: {
          participant_id: id,
          organisation: participant.organisation,
          user: participant.user,
          role: participant.role,
          replaced_participant_id: replaced,
        },
      });
    });
    return { id, ...participant, addedAt: at.toISOString() };
  }
}
