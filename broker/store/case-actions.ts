import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import type { CasePhase } from '../../policies/vocabulary/case-phases.ts';
import {
  CaseParticipantRequiredError,
  CaseRoleRequiredError,
  RecordConflictError,
} from '../errors/broker-error.ts';
import { type Actor, actorSchema } from './actor.ts';
import { loadCase } from './case-guard.ts';
import type { CaseActionsTable, Database } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import { slugSchema } from './domain-vocabulary.ts';
import { parseInput } from './parse-input.ts';

export const ACTION_STATUSES = ['agreed', 'in_progress', 'done', 'dropped'] as const;
const actionStatusSchema = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof actionStatusSchema>;

/** Plan logistics ("arrange a school intake"), never personal data: it is shown to every participant. */
export const ACTION_DESCRIPTION_MAX = 280;
const actionDescriptionSchema = z
  .string()
  .min(1)
  .max(ACTION_DESCRIPTION_MAX)
  .regex(/\S/, 'must not be blank');

/** A calendar date, YYYY-MM-DD. */
const calendarDateSchema = z.iso.date();

const agreementSchema = z.strictObject({
  organisation: slugSchema,
  description: actionDescriptionSchema,
  dueOn: calendarDateSchema,
  meetingOn: calendarDateSchema.optional(),
});
export type ActionAgreement = z.input<typeof agreementSchema>;

const changeSchema = z
  .strictObject({
    organisation: slugSchema.optional(),
    description: actionDescriptionSchema.optional(),
    dueOn: calendarDateSchema.optional(),
    status: actionStatusSchema.optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'must change something');
export type ActionChange = z.input<typeof changeSchema>;

export interface CaseActionView {
  readonly id: string;
  readonly organisation: string;
  readonly description: string;
  readonly meetingOn: string;
  readonly dueOn: string;
  readonly status: ActionStatus;
  /** Past its due date and neither done nor dropped. */
  readonly overdue: boolean;
  readonly agreedAt: string;
  readonly statusChangedAt: string;
}

/** The plan is made in the case meeting and followed up until the case closes. */
const PLAN_PHASES: readonly CasePhase[] = ['case_meeting', 'monitoring', 'shadow_list'];
const OPEN_STATUSES: readonly ActionStatus[] = ['agreed', 'in_progress'];

/**
 * The joint plan ("one family, one plan, one coordinator"): actions agreed in a case
 * meeting, each carried by one participating organisation. The case director and the
 * process director maintain the plan; an employee of the carrying organisation updates
 * the action's status. Every change is a domain event in the audit trail; the trail holds
 * a digest of the description, never its text, since the trail outlives the case and the
 * actions are deleted with it (retention-job.ts).
 */
export class CaseActions {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * @example
   * await store.actions.agree('bonaire', caseId, caseDirector, {
   *   organisation: 'sgb', description: 'Arrange a school intake', dueOn: '2026-04-01',
   * });
   */
  async agree(
    network: string,
    caseId: string,
    actor: Actor,
    input: ActionAgreement,
  ): Promise<CaseActionView> {
    const agreement = parseInput(agreementSchema, input, 'action');
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now().toISOString();
    const id = randomUUID();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      await requireDirector(trx, row.id, by, 'agree_action');
      requirePlanPhase(row.phase as CasePhase);
      await requireParticipatingOrganisation(trx, row.id, agreement.organisation);
      const action = {
        id,
        case_id: row.id,
        organisation_id: agreement.organisation,
        description: agreement.description,
        meeting_on: agreement.meetingOn ?? at.slice(0, 10),
        due_on: agreement.dueOn,
        status: 'agreed',
        agreed_by_organisation: by.organisation,
        agreed_by_user: by.user,
        agreed_at: at,
        status_changed_at: at,
        updated_at: at,
      };
      await trx.insertInto('case_actions').values(action).execute();
      await DomainEventLog.append(trx, {
        type: 'case.action_agreed',
        network,
        actor: by,
        at: new Date(at),
        caseId: row.id,
        personPseudonym: null,
        details: {
          action_id: id,
          organisation: action.organisation_id,
          meeting_on: action.meeting_on,
          due_on: action.due_on,
          status: action.status,
          description_sha256: digest(action.description),
        },
      });
    });
    return this.#get(caseId, id);
  }

  /**
   * Changes an action. The carrying organisation may change its status only; anything
   * else, and the status of another organisation's action, needs the case's case director
   * or process director.
   */
  async update(
    network: string,
    caseId: string,
    actionId: string,
    actor: Actor,
    input: ActionChange,
  ): Promise<CaseActionView> {
    const change = parseInput(changeSchema, input, 'action change');
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now().toISOString();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      const action = await loadAction(trx, row.id, actionId);
      const statusOnly = Object.keys(change).every((key) => key === 'status');
      if (!(statusOnly && by.organisation === action.organisation_id)) {
        await requireDirector(trx, row.id, by, 'update_action');
      }
      requirePlanPhase(row.phase as CasePhase);
      if (change.organisation !== undefined) {
        await requireParticipatingOrganisation(trx, row.id, change.organisation);
      }
      const statusChanged = change.status !== undefined && change.status !== action.status;
      const result = await trx
        .updateTable('case_actions')
        .set({
          ...(change.organisation === undefined ? {} : { organisation_id: change.organisation }),
          ...(change.description === undefined ? {} : { description: change.description }),
          ...(change.dueOn === undefined ? {} : { due_on: change.dueOn }),
          ...(change.status === undefined ? {} : { status: change.status }),
          ...(statusChanged ? { status_changed_at: at } : {}),
          updated_at: at,
        })
        .where('id', '=', action.id)
        .where('updated_at', '=', action.updated_at)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) {
        throw new RecordConflictError('the action changed meanwhile; read it again');
      }
      await DomainEventLog.append(trx, {
        type: 'case.action_updated',
        network,
        actor: by,
        at: new Date(at),
        caseId: row.id,
        personPseudonym: null,
        details: {
          action_id: action.id,
          ...(change.organisation === undefined
            ? {}
            : { organisation: change.organisation, previous_organisation: action.organisation_id }),
          ...(change.dueOn === undefined
            ? {}
            : { due_on: change.dueOn, previous_due_on: action.due_on }),
          ...(change.status === undefined
            ? {}
            : { status: change.status, previous_status: action.status }),
          ...(change.description === undefined
            ? {}
            : { description_sha256: digest(change.description) }),
        },
      });
    });
    return this.#get(caseId, actionId);
  }

  /**
   * The plan's actions by due date, the earliest first; `overdue` keeps only those past
   * their due date and still open (agreed or in progress), or (false) only the others.
   */
  async list(
    network: string,
    caseId: string,
    filter: { readonly overdue?: boolean | undefined } = {},
  ): Promise<CaseActionView[]> {
    const row = await loadCase(this.#db, network, caseId);
    const today = this.#today();
    let select = this.#db.selectFrom('case_actions').selectAll().where('case_id', '=', row.id);
    if (filter.overdue === true) {
      select = select.where('due_on', '<', today).where('status', 'in', OPEN_STATUSES);
    } else if (filter.overdue === false) {
      select = select.where((eb) =>
        eb.or([eb('due_on', '>=', today), eb('status', 'not in', OPEN_STATUSES)]),
      );
    }
    const rows = await select.orderBy('due_on').orderBy('agreed_at').orderBy('id').execute();
    return rows.map((action) => actionView(action, today));
  }

  async #get(caseId: string, actionId: string): Promise<CaseActionView> {
    return actionView(await loadAction(this.#db, caseId, actionId), this.#today());
  }

  #today(): string {
    return this.#clock.now().toISOString().slice(0, 10);
  }
}

function actionView(row: Selectable<CaseActionsTable>, today: string): CaseActionView {
  const status = actionStatusSchema.parse(row.status);
  return {
    id: row.id,
    organisation: row.organisation_id,
    description: row.description,
    meetingOn: row.meeting_on,
    dueOn: row.due_on,
    status,
    overdue: row.due_on < today && OPEN_STATUSES.includes(status),
    agreedAt: row.agreed_at,
    statusChangedAt: row.status_changed_at,
  };
}

async function loadAction(
  db: Kysely<Database>,
  caseId: string,
  actionId: string,
): Promise<Selectable<CaseActionsTable>> {
  const row = await db
    .selectFrom('case_actions')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', actionId)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('action');
  return row;
}

/** The case director or the process director of this case, as the case records them. */
async function requireDirector(
  db: Kysely<Database>,
  caseId: string,
  actor: Actor,
  action: string,
): Promise<void> {
  const row = await db
    .selectFrom('participants')
    .select('id')
    .where('case_id', '=', caseId)
    .where('organisation_id', '=', actor.organisation)
    .where('user_id', '=', actor.user)
    .where('role', 'in', ['case_director', 'process_director'])
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined)
    throw new CaseRoleRequiredError('case_director or process_director', action);
}

function requirePlanPhase(phase: CasePhase): void {
  if (!PLAN_PHASES.includes(phase)) {
    throw new RecordConflictError(`the case has no plan in phase ${phase}`);
  }
}

/** An action is carried by an organisation that takes part in the case. */
async function requireParticipatingOrganisation(
  db: Kysely<Database>,
  caseId: string,
  organisation: string,
): Promise<void> {
  const row = await db
    .selectFrom('participants')
    .select('id')
    .where('case_id', '=', caseId)
    .where('organisation_id', '=', organisation)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) throw new CaseParticipantRequiredError(organisation);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
