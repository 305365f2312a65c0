import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { NotFoundError, RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import type { CovenantParties } from '../covenant/covenant-parties.ts';
import { CaseRoleRequiredError, RecordConflictError } from '../errors/broker-error.ts';
import { type Actor, actorSchema } from './actor.ts';
import { loadCase, loadPerson, requirePartner, requireParty, requireRole } from './case-guard.ts';
import type {
  Database,
  ExceptionProviderDecisionsTable,
  LegalGroundExceptionsTable,
} from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import {
  categoriesSchema,
  type ExceptionReason,
  exceptionReasonSchema,
  type ProviderDecision,
  providerDecisionSchema,
  slugSchema,
  textSchema,
} from './domain-vocabulary.ts';
import { stringList, toJson } from './json-column.ts';
import { parseInput } from './parse-input.ts';

const exceptionInputSchema = z.strictObject({
  personId: z.string().min(1),
  recipient: slugSchema,
  categories: categoriesSchema,
  reason: exceptionReasonSchema,
  justification: textSchema,
  expiresAt: z.date(),
});
export type ExceptionInput = z.input<typeof exceptionInputSchema>;

const providerDecisionInputSchema = z.strictObject({
  decision: providerDecisionSchema,
  reason: textSchema,
});
export type ProviderDecisionInput = z.input<typeof providerDecisionInputSchema>;

/** A providing organisation's approval or refusal of the exception. */
export interface ProviderDecisionView {
  readonly provider: string;
  readonly decision: ProviderDecision;
  readonly reason: string;
  readonly decidedBy: Actor;
  readonly decidedAt: string;
}

export interface ExceptionView {
  readonly id: string;
  readonly personId: string;
  readonly recipient: string;
  readonly categories: readonly string[];
  readonly reason: ExceptionReason;
  readonly justification: string;
  readonly approvedBy: Actor;
  readonly approvedAt: string;
  readonly expiresAt: string;
  /** In the order they were made (and by provider within a moment). */
  readonly providerDecisions: readonly ProviderDecisionView[];
}

/**
 * Legal grounds for an exchange without consent, where asking or telling the person would
 * be unsafe. Only the case's process director records one, which is its approval, never
 * for their own organisation; it is limited to a recipient, categories and a time (the
 * policy gives no force to a term beyond the covenant's `exception_max_months`, and lets
 * only some reasons override an objection). For special categories a providing
 * organisation co-approves it (`decideAsProvider`), its decision recorded like a formal
 * request's. The justification, and the provider's reason for its decision, stay in
 * the tables and never enter a domain event.
 */
export class LegalGroundRegister {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #parties: CovenantParties;

  constructor(db: Kysely<Database>, clock: Clock, parties: CovenantParties) {
    this.#db = db;
    this.#clock = clock;
    this.#parties = parties;
  }

  async approve(
    network: string,
    caseId: string,
    actor: Actor,
    input: ExceptionInput,
  ): Promise<ExceptionView> {
    const exception = parseInput(exceptionInputSchema, input, 'exception');
    const by = parseInput(actorSchema, actor, 'actor');
    const now = this.#clock.now();
    if (exception.expiresAt <= now) {
      throw new RequestInvalidError('invalid exception', ['expiresAt: must lie in the future']);
    }
    const id = randomUUID();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      const director = await requireRole(trx, row.id, by, 'process_director', 'approve_exception');
      // The policy gives such an exception no force (EXCEPTION_SELF_APPROVED); refusing it
      // here keeps a ground that can never count out of the record.
      if (exception.recipient === by.organisation) {
        throw new RequestInvalidError('invalid exception', [
          'recipient: an organisation cannot approve an exception for itself',
        ]);
      }
      if (row.phase === 'closed') throw new RecordConflictError('the case is closed');
      const person = await loadPerson(trx, row.id, exception.personId);
      await requirePartner(trx, this.#parties, network, exception.recipient);
      await trx
        .insertInto('legal_ground_exceptions')
        .values({
          id,
          case_id: row.id,
          person_id: person.id,
          recipient: exception.recipient,
          categories: toJson(exception.categories),
          reason: exception.reason,
          justification: exception.justification,
          approved_by_organisation: by.organisation,
          approved_by_user: by.user,
          approved_by_role: director.role,
          approved_at: now.toISOString(),
          expires_at: exception.expiresAt.toISOString(),
          revoked_at: null,
        })
        .execute();
      await DomainEventLog.append(trx, {
        type: 'exception.approved',
        network,
        actor: by,
        at: now,
        caseId: row.id,
        personPseudonym: person.pseudonym,
        details: {
          exception_id: id,
          recipient: exception.recipient,
          categories: exception.categories,
          reason: exception.reason,
          expires_at: exception.expiresAt.toISOString(),
        },
      });
    });
    return {
      id,
      personId: exception.personId,
      recipient: exception.recipient,
      categories: exception.categories,
      reason: exception.reason,
      justification: exception.justification,
      approvedBy: by,
      approvedAt: now.toISOString(),
      expiresAt: exception.expiresAt.toISOString(),
      providerDecisions: [],
    };
  }

  /**
   * Ends the exception now: the danger passed, or consent can be asked after all. The
   * moment is kept as the revocation too, so that the policy can say EXCEPTION_REVOKED.
   */
  async revoke(network: string, caseId: string, actor: Actor, exceptionId: string): Promise<void> {
    const by = parseInput(actorSchema, actor, 'actor');
    const now = this.#clock.now().toISOString();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      await requireRole(trx, row.id, by, 'process_director', 'revoke_exception');
      const exception = await trx
        .selectFrom('legal_ground_exceptions')
        .select(['id', 'person_id', 'expires_at', 'revoked_at'])
        .where('case_id', '=', row.id)
        .where('id', '=', exceptionId)
        .executeTakeFirst();
      if (exception === undefined) throw new NotFoundError('exception');
      if (exception.revoked_at !== null) {
        throw new RecordConflictError('the exception was revoked');
      }
      if (exception.expires_at <= now) throw new RecordConflictError('the exception has expired');
      await trx
        .updateTable('legal_ground_exceptions')
        .set({ expires_at: now, revoked_at: now })
        .where('id', '=', exception.id)
        .execute();
      const person = await loadPerson(trx, row.id, exception.person_id);
      await DomainEventLog.append(trx, {
        type: 'exception.revoked',
        network,
        actor: by,
        at: new Date(now),
        caseId: row.id,
        personPseudonym: person.pseudonym,
        details: { exception_id: exception.id, planned_expiry: exception.expires_at },
      });
    });
  }

  /**
   * A providing organisation approves or refuses the exception, once. For special
   * categories the policy counts an exception only for a provider that approved it: the
   * process director's approval does not decide for the organisation whose data it
   * releases. The recipient has no part in it, and the approving organisation's own
   * approval already stands for it as a provider. The event, `exception.provider_approved`
   * or `exception.provider_refused`, names the exception and the provider; the reason, like
   * the justification, stays in the table.
   */
  async decideAsProvider(
    network: string,
    caseId: string,
    actor: Actor,
    exceptionId: string,
    input: ProviderDecisionInput,
  ): Promise<ExceptionView> {
    const decided = parseInput(providerDecisionInputSchema, input, 'provider decision');
    const by = parseInput(actorSchema, actor, 'actor');
    const now = this.#clock.now().toISOString();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      const exception = await trx
        .selectFrom('legal_ground_exceptions')
        .select([
          'id',
          'person_id',
          'recipient',
          'approved_by_organisation',
          'expires_at',
          'revoked_at',
        ])
        .where('case_id', '=', row.id)
        .where('id', '=', exceptionId)
        .executeTakeFirst();
      if (exception === undefined) throw new NotFoundError('exception');
      await requireParty(trx, this.#parties, network, by.organisation);
      if (
        by.organisation === exception.recipient ||
        by.organisation === exception.approved_by_organisation
      ) {
        throw new CaseRoleRequiredError('providing organisation', 'decide_exception');
      }
      if (exception.revoked_at !== null) {
        throw new RecordConflictError('the exception was revoked');
      }
      if (exception.expires_at <= now) throw new RecordConflictError('the exception has expired');
      if (row.phase === 'closed') throw new RecordConflictError('the case is closed');
      // The key is (exception, provider): of two decisions racing, one inserts nothing.
      const inserted = await trx
        .insertInto('exception_provider_decisions')
        .values({
          exception_id: exception.id,
          provider: by.organisation,
          case_id: row.id,
          decision: decided.decision,
          reason: decided.reason,
          decided_by_user: by.user,
          decided_at: now,
        })
        .onConflict((oc) => oc.columns(['exception_id', 'provider']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
        throw new RecordConflictError('the provider already decided');
      }
      const person = await loadPerson(trx, row.id, exception.person_id);
      await DomainEventLog.append(trx, {
        type: `exception.provider_${decided.decision}`,
        network,
        actor: by,
        at: new Date(now),
        caseId: row.id,
        personPseudonym: person.pseudonym,
        details: { exception_id: exception.id, provider: by.organisation },
      });
    });
    const [view] = await this.#views(caseId, { exceptionId });
    if (view === undefined) throw new NotFoundError('exception');
    return view;
  }

  async forPerson(network: string, caseId: string, personId: string): Promise<ExceptionView[]> {
    await loadCase(this.#db, network, caseId);
    return this.#views(caseId, { personId });
  }

  /** The case's exceptions of a person, or the one exception, with their providers' decisions. */
  async #views(
    caseId: string,
    which: { readonly personId: string } | { readonly exceptionId: string },
  ): Promise<ExceptionView[]> {
    const byPerson = 'personId' in which;
    const [rows, decisions] = await Promise.all([
      this.#db
        .selectFrom('legal_ground_exceptions')
        .selectAll()
        .where('case_id', '=', caseId)
        .where(byPerson ? 'person_id' : 'id', '=', byPerson ? which.personId : which.exceptionId)
        .orderBy('approved_at')
        .orderBy('id')
        .execute(),
      this.#db
        .selectFrom('exception_provider_decisions as d')
        .innerJoin('legal_ground_exceptions as e', 'e.id', 'd.exception_id')
        .selectAll('d')
        .where('e.case_id', '=', caseId)
        .where(
          byPerson ? 'e.person_id' : 'e.id',
          '=',
          byPerson ? which.personId : which.exceptionId,
        )
        .orderBy('d.decided_at')
        .orderBy('d.provider')
        .execute(),
    ]);
    return rows.map((row) =>
      toView(
        row,
        decisions.filter((d) => d.exception_id === row.id),
      ),
    );
  }
}

function toView(
  row: Selectable<LegalGroundExceptionsTable>,
  decisions: readonly Selectable<ExceptionProviderDecisionsTable>[],
): ExceptionView {
  return {
    id: row.id,
    personId: row.person_id,
    recipient: row.recipient,
    categories: stringList(row.categories),
    reason: exceptionReasonSchema.parse(row.reason),
    justification: row.justification,
    approvedBy: { organisation: row.approved_by_organisation, user: row.approved_by_user },
    approvedAt: row.approved_at,
    expiresAt: row.expires_at,
    providerDecisions: decisions.map((d) => ({
      provider: d.provider,
      decision: providerDecisionSchema.parse(d.decision),
      reason: d.reason,
      decidedBy: { organisation: d.provider, user: d.decided_by_user },
      decidedAt: d.decided_at,
    })),
  };
}
