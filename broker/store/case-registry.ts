import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import type { CasePhase } from '../../policies/vocabulary/case-phases.ts';
import type { EventDetails } from '../audit/trail/audit-record.ts';
import type { CovenantParties } from '../covenant/covenant-parties.ts';
import {
  CaseRoleRequiredError,
  CaseTransitionError,
  RecordConflictError,
} from '../errors/broker-error.ts';
import { keepClosingStatistics } from '../reports/case-statistics-table.ts';
import { type Actor, actorSchema } from './actor.ts';
import { loadCase, requireParty, requireRole } from './case-guard.ts';
import {
  allowedActions,
  type CaseAction,
  nextPhase,
  shadowReviewDate,
  shadowReviewState,
} from './case-lifecycle.ts';
import type { CasesTable, Database } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import {
  type CaseType,
  caseTypeSchema,
  criteriaMet,
  type EvaluationOutcome,
  evaluationOutcomeSchema,
  type LifeDomain,
  lifeDomainSchema,
  type RegistrationCriteria,
  registrationCriteriaSchema,
} from './domain-vocabulary.ts';
import { stringList, toJson } from './json-column.ts';
import { parseInput } from './parse-input.ts';
import { yearsBefore } from './retention-job.ts';

const registrationSchema = z.strictObject({
  caseType: caseTypeSchema,
  lifeDomains: z
    .array(lifeDomainSchema)
    .min(1)
    .refine((list) => new Set(list).size === list.length, 'life domains must be distinct'),
  criteria: registrationCriteriaSchema,
});
export type RegistrationInput = z.input<typeof registrationSchema>;

/** Built once: zod schemas are costly to build, and every case read parses a row. */
const storedLifeDomainsSchema = z.array(lifeDomainSchema);

export type TriageDecision = 'accepted' | 'advised_registrant';

export interface CaseView {
  readonly id: string;
  readonly network: string;
  readonly caseType: CaseType;
  readonly lifeDomains: readonly LifeDomain[];
  readonly criteria: RegistrationCriteria;
  readonly phase: CasePhase;
  readonly registeredBy: string;
  readonly registeredAt: string;
  readonly triageDecision: TriageDecision | null;
  readonly shadowReviewAt: string | null;
  /** On the shadow list and its review date has come. */
  readonly reviewDue: boolean;
  /** Due for more than a month (case-lifecycle.ts). */
  readonly reviewOverdue: boolean;
  readonly outcome: EvaluationOutcome | null;
  readonly closedAt: string | null;
}

/**
 * Registration and the phase transitions of a case. Every transition is checked against
 * the state machine of case-lifecycle.ts, made only if the phase did not change meanwhile,
 * and recorded as a domain event in the same transaction.
 */
export class CaseRegistry {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #parties: CovenantParties;

  constructor(db: Kysely<Database>, clock: Clock, parties: CovenantParties) {
    this.#db = db;
    this.#clock = clock;
    this.#parties = parties;
  }

  /**
   * A covenant partner brings a case in; the registering employee takes part in it.
   *
   * @example
   * const c = await cases.register('bonaire', { organisation: 'politie-cn', user: 'agent-7' }, {
   *   caseType: 'domestic_violence', lifeDomains: ['housing', 'crime'], criteria,
   * });
   */
  async register(network: string, actor: Actor, input: RegistrationInput): Promise<CaseView> {
    const registration = parseInput(registrationSchema, input, 'registration');
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now().toISOString();
    const id = randomUUID();
    await this.#db.transaction().execute(async (trx) => {
      await requireParty(trx, this.#parties, network, by.organisation);
      await trx
        .insertInto('cases')
        .values({
          id,
          network_id: network,
          case_type: registration.caseType,
          criteria: toJson(registration.criteria),
          life_domains: toJson(registration.lifeDomains),
          phase: 'registration',
          registered_by_organisation: by.organisation,
          registered_by_user: by.user,
          registered_at: at,
          triage_decision: null,
          shadow_review_at: null,
          outcome: null,
          closed_at: null,
          updated_at: at,
        })
        .execute();
      await trx
        .insertInto('case_phases')
        .values({ case_id: id, phase: 'registration', entered_at: at })
        .execute();
      await trx
        .insertInto('participants')
        .values({
          id: randomUUID(),
          case_id: id,
          organisation_id: by.organisation,
          user_id: by.user,
          role: 'case_participant',
          added_at: at,
          removed_at: null,
        })
        .execute();
      await DomainEventLog.append(trx, {
        type: 'case.registered',
        network,
        actor: by,
        at: new Date(at),
        caseId: id,
        personPseudonym: null,
        details: {
          case_type: registration.caseType,
          life_domains: registration.lifeDomains,
          ...registration.criteria,
          criteria_met: criteriaMet(registration.criteria),
        },
      });
    });
    return this.get(network, id);
  }

  /**
   * A case closed longer ago than its network's retention period is gone from the moment
   * the period ends, not only once the hourly retention job has deleted its rows.
   */
  async get(network: string, caseId: string): Promise<CaseView> {
    const row = await loadCase(this.#db, network, caseId);
    if (row.phase === 'closed' && row.closed_at !== null) {
      const { retention_years } = await this.#db
        .selectFrom('networks')
        .select('retention_years')
        .where('id', '=', row.network_id)
        .executeTakeFirstOrThrow();
      if (row.closed_at <= yearsBefore(this.#clock.now(), retention_years)) {
        throw new NotFoundError('case');
      }
    }
    return caseView(row, this.#clock.now());
  }

  /**
   * The process direction takes the registration up: only an employee of the network's
   * coordinating partner can, and becomes the case's process director.
   */
  async startTriage(network: string, caseId: string, actor: Actor): Promise<CaseView> {
    return this.#transition(network, caseId, actor, 'start_triage', async (trx, row, by, at) => {
      const coordinator = await trx
        .selectFrom('networks')
        .select('coordinator_organisation')
        .where('id', '=', row.network_id)
        .executeTakeFirstOrThrow();
      if (by.organisation !== coordinator.coordinator_organisation) {
        throw new CaseRoleRequiredError('process_director', 'start_triage');
      }
      const already = await trx
        .selectFrom('participants')
        .select('id')
        .where('case_id', '=', row.id)
        .where('organisation_id', '=', by.organisation)
        .where('user_id', '=', by.user)
        .where('role', '=', 'process_director')
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (already === undefined) {
        await trx
          .insertInto('participants')
          .values({
            id: randomUUID(),
            case_id: row.id,
            organisation_id: by.organisation,
            user_id: by.user,
            role: 'process_director',
            added_at: at,
            removed_at: null,
          })
          .execute();
      }
      return { changes: {}, details: {} };
    });
  }

  /** Triage decides to take the case: it goes to the case meeting. */
  async accept(network: string, caseId: string, actor: Actor): Promise<CaseView> {
    return this.#directorTransition(network, caseId, actor, 'accept', async () => ({
      changes: { triage_decision: 'accepted' },
      details: {},
    }));
  }

  /** Triage decides not to take the case and advises the registering partner; it closes. */
  async adviseRegistrant(network: string, caseId: string, actor: Actor): Promise<CaseView> {
    return this.#directorTransition(
      network,
      caseId,
      actor,
      'advise_registrant',
      async (_, __, at) => ({
        changes: { triage_decision: 'advised_registrant', closed_at: at, outcome: null },
        details: {},
      }),
    );
  }

  /** The plan is made; its follow-up needs an appointed case director. */
  async startMonitoring(network: string, caseId: string, actor: Actor): Promise<CaseView> {
    return this.#directorTransition(
      network,
      caseId,
      actor,
      'start_monitoring',
      async (trx, row) => {
        const director = await trx
          .selectFrom('participants')
          .select('id')
          .where('case_id', '=', row.id)
          .where('role', '=', 'case_director')
          .where('removed_at', 'is', null)
          .executeTakeFirst();
        if (director === undefined) {
          throw new CaseTransitionError(
            row.phase,
            'start_monitoring',
            allowedActions(row.phase as CasePhase),
            'a case director must be appointed first',
          );
        }
        return { changes: {}, details: {} };
      },
    );
  }

  /** Problems returned, or the plan needs the whole meeting again. */
  async returnToCaseMeeting(network: string, caseId: string, actor: Actor): Promise<CaseView> {
    return this.#directorTransition(network, caseId, actor, 'return_to_case_meeting', async () => ({
      changes: { shadow_review_at: null },
      details: {},
    }));
  }

  /** The case is stable; it is discussed again after the covenant's term (half a year). */
  async moveToShadowList(network: string, caseId: string, actor: Actor): Promise<CaseView> {
    return this.#directorTransition(
      network,
      caseId,
      actor,
      'move_to_shadow_list',
      async (trx, row, at) => {
        const { shadow_review_months } = await trx
          .selectFrom('networks')
          .select('shadow_review_months')
          .where('id', '=', row.network_id)
          .executeTakeFirstOrThrow();
        const review = shadowReviewDate(new Date(at), shadow_review_months).toISOString();
        return { changes: { shadow_review_at: review }, details: { review_at: review } };
      },
    );
  }

  /** Closing starts the retention period; the evaluation outcome is recorded. */
  async close(
    network: string,
    caseId: string,
    actor: Actor,
    outcome: EvaluationOutcome,
  ): Promise<CaseView> {
    const evaluated = parseInput(evaluationOutcomeSchema, outcome, 'outcome');
    return this.#directorTransition(network, caseId, actor, 'close', async (_, __, at) => ({
      changes: { outcome: evaluated, closed_at: at, shadow_review_at: null },
      details: { outcome: evaluated },
    }));
  }

  /** A closed case whose data are not yet deleted returns to the case meeting. */
  async reopen(network: string, caseId: string, actor: Actor): Promise<CaseView> {
    return this.#directorTransition(network, caseId, actor, 'reopen', async (_, row) => ({
      changes: { outcome: null, closed_at: null },
      details: { previous_outcome: row.outcome, closed_at: row.closed_at },
    }));
  }

  async #directorTransition(
    network: string,
    caseId: string,
    actor: Actor,
    action: CaseAction,
    apply: TransitionStep,
  ): Promise<CaseView> {
    return this.#transition(network, caseId, actor, action, async (trx, row, by, at) => {
      await requireRole(trx, row.id, by, 'process_director', action);
      return apply(trx, row, at);
    });
  }

  async #transition(
    network: string,
    caseId: string,
    actor: Actor,
    action: CaseAction,
    apply: (
      trx: Kysely<Database>,
      row: Selectable<CasesTable>,
      by: Actor,
      at: string,
    ) => Promise<TransitionEffect>,
  ): Promise<CaseView> {
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now().toISOString();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      const from = row.phase as CasePhase;
      const to = nextPhase(from, action);
      const effect = await apply(trx, row, by, at);
      const result = await trx
        .updateTable('cases')
        .set({ ...effect.changes, phase: to, updated_at: at })
        .where('id', '=', row.id)
        .where('phase', '=', from)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) {
        throw new RecordConflictError('the case changed meanwhile; read it again');
      }
      await trx
        .insertInto('case_phases')
        .values({ case_id: row.id, phase: to, entered_at: at })
        .execute();
      await keepClosingStatistics(trx, row, { ...row, ...effect.changes, phase: to });
      await DomainEventLog.append(trx, {
        type: `case.${action}`,
        network,
        actor: by,
        at: new Date(at),
        caseId: row.id,
        personPseudonym: null,
        details: { from, to, ...effect.details },
      });
    });
    return this.get(network, caseId);
  }
}

interface TransitionEffect {
  readonly changes: Partial<
    Pick<CasesTable, 'triage_decision' | 'shadow_review_at' | 'outcome' | 'closed_at'>
  >;
  readonly details: EventDetails;
}

type TransitionStep = (
  trx: Kysely<Database>,
  row: Selectable<CasesTable>,
  at: string,
) => Promise<TransitionEffect>;

/** The case as the API shows it, its shadow-list review judged at `now`. */
export function caseView(row: Selectable<CasesTable>, now: Date): CaseView {
  return {
    id: row.id,
    network: row.network_id,
    caseType: caseTypeSchema.parse(row.case_type),
    lifeDomains: storedLifeDomainsSchema.parse(stringList(row.life_domains)),
    criteria: registrationCriteriaSchema.parse(JSON.parse(row.criteria)),
    phase: row.phase as CasePhase,
    registeredBy: row.registered_by_organisation,
    registeredAt: row.registered_at,
    triageDecision: row.triage_decision as TriageDecision | null,
    shadowReviewAt: row.shadow_review_at,
    ...shadowReviewState(row.phase as CasePhase, row.shadow_review_at, now),
    outcome: row.outcome === null ? null : evaluationOutcomeSchema.parse(row.outcome),
    closedAt: row.closed_at,
  };
}
