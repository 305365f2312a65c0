import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { NotFoundError, RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import type { CovenantParties } from '../covenant/covenant-parties.ts';
import { CaseRoleRequiredError, RecordConflictError } from '../errors/broker-error.ts';
import type { FormalRequestStatus } from '../policy/exchange-request.ts';
import { type Actor, actorSchema } from './actor.ts';
import { loadCase, loadPerson, requirePartner } from './case-guard.ts';
import type { Database, FormalRequestsTable } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import { categoriesSchema, slugSchema, textSchema } from './domain-vocabulary.ts';
import { stringList, toJson } from './json-column.ts';
import { parseInput } from './parse-input.ts';
import { requireReceivedExchanges } from './received-exchanges.ts';

/** Enough for the exchanges of one case meeting's worth of pulls from one provider. */
export const MAX_EXCHANGE_IDS = 20;

/**
 * The exchanges a formal request refers to: the ids the broker gave them (UUIDs), a few,
 * each once.
 */
const exchangeIdsSchema = z
  .array(z.uuid())
  .min(1)
  .max(MAX_EXCHANGE_IDS)
  .refine((ids) => new Set(ids).size === ids.length, 'names an exchange twice');

const requestInputSchema = z.strictObject({
  personId: z.string().min(1),
  provider: slugSchema,
  purpose: slugSchema,
  categories: categoriesSchema,
  exchangeIds: exchangeIdsSchema,
  justification: textSchema,
});
export type FormalRequestInput = z.input<typeof requestInputSchema>;

const decisionInputSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('approved'), reason: textSchema, expiresAt: z.date() }),
  z.strictObject({ status: z.literal('refused'), reason: textSchema }),
]);
export type FormalRequestDecision = z.input<typeof decisionInputSchema>;

export interface FormalRequestView {
  readonly id: string;
  readonly personId: string;
  readonly requester: string;
  readonly provider: string;
  readonly purpose: string;
  readonly categories: readonly string[];
  readonly exchangeIds: readonly string[];
  readonly justification: string;
  readonly status: FormalRequestStatus;
  readonly requestedAt: string;
  readonly decidedAt: string | null;
  readonly decisionReason: string | null;
  readonly expiresAt: string | null;
}

/**
 * Formal requests before reuse: a participating partner asks the provider of data it
 * received in the case process to use them for a named new purpose. The provider alone
 * decides; an approval holds for exactly that purpose and those categories, until expiry.
 * A request names the exchanges in which the requester received them, and the broker
 * checks it did (`requireReceivedExchanges`).
 */
export class FormalRequestRegister {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #parties: CovenantParties;

  constructor(db: Kysely<Database>, clock: Clock, parties: CovenantParties) {
    this.#db = db;
    this.#clock = clock;
    this.#parties = parties;
  }

  async request(
    network: string,
    caseId: string,
    actor: Actor,
    input: FormalRequestInput,
  ): Promise<FormalRequestView> {
    const request = parseInput(requestInputSchema, input, 'formal request');
    const by = parseInput(actorSchema, actor, 'actor');
    const now = this.#clock.now().toISOString();
    const id = randomUUID();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      const participating = await trx
        .selectFrom('participants')
        .select('id')
        .where('case_id', '=', row.id)
        .where('organisation_id', '=', by.organisation)
        .where('user_id', '=', by.user)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (participating === undefined) {
        throw new CaseRoleRequiredError('case_participant', 'request_reuse');
      }
      if (request.provider === by.organisation) {
        throw new RequestInvalidError('invalid formal request', ['provider: is the requester']);
      }
      const person = await loadPerson(trx, row.id, request.personId);
      await requirePartner(trx, this.#parties, network, request.provider);
      await requireReceivedExchanges(trx, {
        network,
        caseId: row.id,
        requester: by.organisation,
        provider: request.provider,
        personPseudonym: person.pseudonym,
        categories: request.categories,
        exchangeIds: request.exchangeIds,
      });
      await trx
        .insertInto('formal_requests')
        .values({
          id,
          case_id: row.id,
          person_id: person.id,
          requester: by.organisation,
          requested_by_user: by.user,
          provider: request.provider,
          purpose: request.purpose,
          categories: toJson(request.categories),
          exchange_ids: toJson(request.exchangeIds),
          justification: request.justification,
          status: 'pending',
          requested_at: now,
          decided_by_user: null,
          decided_at: null,
          decision_reason: null,
          expires_at: null,
        })
        .execute();
      await DomainEventLog.append(trx, {
        type: 'formal_request.submitted',
        network,
        actor: by,
        at: new Date(now),
        caseId: row.id,
        personPseudonym: person.pseudonym,
        details: {
          formal_request_id: id,
          provider: request.provider,
          purpose: request.purpose,
          categories: request.categories,
          exchange_ids: request.exchangeIds,
        },
      });
    });
    return this.#get(id);
  }

  /** Only the providing organisation decides, and only once. */
  async decide(
    network: string,
    caseId: string,
    actor: Actor,
    requestId: string,
    input: FormalRequestDecision,
  ): Promise<FormalRequestView> {
    const decision = parseInput(decisionInputSchema, input, 'decision');
    const by = parseInput(actorSchema, actor, 'actor');
    const now = this.#clock.now();
    if (decision.status === 'approved' && decision.expiresAt <= now) {
      throw new RequestInvalidError('invalid decision', ['expiresAt: must lie in the future']);
    }
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      const request = await trx
        .selectFrom('formal_requests')
        .selectAll()
        .where('case_id', '=', row.id)
        .where('id', '=', requestId)
        .executeTakeFirst();
      if (request === undefined) throw new NotFoundError('formal request');
      if (request.provider !== by.organisation) {
        throw new CaseRoleRequiredError('providing organisation', 'decide_formal_request');
      }
      const expiresAt = decision.status === 'approved' ? decision.expiresAt.toISOString() : null;
      const result = await trx
        .updateTable('formal_requests')
        .set({
          status: decision.status,
          decided_by_user: by.user,
          decided_at: now.toISOString(),
          decision_reason: decision.reason,
          expires_at: expiresAt,
        })
        .where('id', '=', request.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n)
        throw new RecordConflictError('the request is already decided');
      const person = await loadPerson(trx, row.id, request.person_id);
      await DomainEventLog.append(trx, {
        type: `formal_request.${decision.status}`,
        network,
        actor: by,
        at: now,
        caseId: row.id,
        personPseudonym: person.pseudonym,
        details: { formal_request_id: request.id, expires_at: expiresAt },
      });
    });
    return this.#get(requestId);
  }

  async forPerson(network: string, caseId: string, personId: string): Promise<FormalRequestView[]> {
    await loadCase(this.#db, network, caseId);
    const rows = await this.#db
      .selectFrom('formal_requests')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('person_id', '=', personId)
      .orderBy('requested_at')
      .orderBy('id')
      .execute();
    return rows.map(toView);
  }

  async #get(id: string): Promise<FormalRequestView> {
    const row = await this.#db
      .selectFrom('formal_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return toView(row);
  }
}

function toView(row: Selectable<FormalRequestsTable>): FormalRequestView {
  return {
    id: row.id,
    personId: row.person_id,
    requester: row.requester,
    provider: row.provider,
    purpose: row.purpose,
    categories: stringList(row.categories),
    exchangeIds: stringList(row.exchange_ids),
    justification: row.justification,
    status: row.status as FormalRequestStatus,
    requestedAt: row.requested_at,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    expiresAt: row.expires_at,
  };
}
