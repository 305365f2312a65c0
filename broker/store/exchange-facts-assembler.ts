import type { Kysely } from 'kysely';
import { z } from 'zod';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { CasePhase } from '../../policies/vocabulary/case-phases.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { CovenantParties } from '../covenant/covenant-parties.ts';
import type { ExchangeRequest, FormalRequestStatus } from '../policy/exchange-request.ts';
import { shadowReviewDate } from './case-lifecycle.ts';
import type { Database } from './database.ts';
import {
  ageBandSchema,
  exceptionReasonSchema,
  providerDecisionSchema,
  slugSchema,
  statementGiverSchema,
} from './domain-vocabulary.ts';
import { optionalStringList, stringList } from './json-column.ts';
import { parseInput } from './parse-input.ts';

export type ExchangeFacts = Pick<
  ExchangeRequest,
  'signatories' | 'person' | 'case' | 'consents' | 'objections' | 'exceptions' | 'formal_requests'
>;

const factsQuerySchema = z.strictObject({
  network: slugSchema,
  caseId: z.string().min(1),
  /** Absent for an update about the case as a whole: no person's statement is then a ground. */
  person: z
    .union([
      z.strictObject({ id: z.string().min(1) }),
      z.strictObject({ pseudonym: z.string().min(1) }),
    ])
    .optional(),
  recipient: slugSchema,
  /**
   * Organisations that learn of the person in this exchange besides the recipient: in
   * triage the partners asked, to whom the question discloses who the person is. Their
   * statements (consent, objection, exception) come along, so that the policy can decide
   * whether they may be asked; the policy matches every statement to its recipient.
   */
  askedProviders: z.array(slugSchema).max(100).optional(),
  at: z.date(),
  /**
   * The covenant version whose parties are the signatories: the one of the engine that will
   * decide; by default the active bundle's.
   */
  covenantVersion: z.string().min(1).nullable().optional(),
});
export type FactsQuery = z.input<typeof factsQuerySchema>;

/**
 * The stored facts the exchange policy decides on, for one person in one case and one
 * recipient (and the partners asked, if any), as the store knew them at `at`: what was recorded later is left out, a
 * later withdrawal or decision is not yet visible. With `at` = now that is the current
 * state; with a past `at` an auditor can re-make a decision on the facts it was made on.
 *
 * @example
 * const facts = await assembler.assemble({
 *   network: 'bonaire', caseId, person: { id: personId }, recipient: 'jeugdzorg-cn', at: now,
 * });
 * const input: ExchangeRequest = { ...request, ...facts };
 */
export class ExchangeFactsAssembler {
  readonly #db: Kysely<Database>;
  readonly #parties: CovenantParties;

  constructor(db: Kysely<Database>, parties: CovenantParties) {
    this.#db = db;
    this.#parties = parties;
  }

  async assemble(query: FactsQuery): Promise<ExchangeFacts> {
    const {
      network,
      caseId,
      person: personKey,
      recipient,
      askedProviders = [],
      at: when,
      covenantVersion,
    } = parseInput(factsQuerySchema, query, 'facts query');
    const statementRecipients = [...new Set([recipient, ...askedProviders])];
    const at = when.toISOString();
    const db = this.#db;

    const phase = await db
      .selectFrom('case_phases')
      .innerJoin('cases', 'cases.id', 'case_phases.case_id')
      .innerJoin('networks', 'networks.id', 'cases.network_id')
      .select(['case_phases.phase', 'case_phases.entered_at', 'networks.shadow_review_months'])
      .where('cases.network_id', '=', network)
      .where('cases.id', '=', caseId)
      .where('case_phases.entered_at', '<=', at)
      .orderBy('case_phases.entered_at', 'desc')
      .orderBy('case_phases.seq', 'desc')
      .executeTakeFirst();
    if (phase === undefined) throw new NotFoundError('case');

    let person: { id: string; age_band: string; turns_16_in: string | null } | undefined;
    if (personKey !== undefined) {
      let personQuery = db
        .selectFrom('persons')
        .select(['id', 'age_band', 'turns_16_in'])
        .where('case_id', '=', caseId);
      personQuery =
        'id' in personKey
          ? personQuery.where('id', '=', personKey.id)
          : personQuery.where('pseudonym', '=', personKey.pseudonym);
      person = await personQuery.executeTakeFirst();
      if (person === undefined) throw new NotFoundError('person');
    }
    // No person, no statements: an id no row has keeps the reads below uniform.
    const personId = person?.id ?? '';

    // Independent reads: on PostgreSQL they go out on separate pool connections at once.
    const [signatories, participants, consents, objections, exceptions, requests] =
      await Promise.all([
        this.#parties.signatories(network, when, db, covenantVersion),
        db
          .selectFrom('participants')
          .select('organisation_id')
          .distinct()
          .where('case_id', '=', caseId)
          .where('added_at', '<=', at)
          .where((eb) => eb.or([eb('removed_at', 'is', null), eb('removed_at', '>', at)]))
          .orderBy('organisation_id')
          .execute(),
        db
          .selectFrom('consents')
          .selectAll()
          .where('person_id', '=', personId)
          .where('recipient', 'in', statementRecipients)
          .where('recorded_at', '<=', at)
          .orderBy('recorded_at')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('objections')
          .selectAll()
          .where('person_id', '=', personId)
          .where('recipient', 'in', statementRecipients)
          .where('recorded_at', '<=', at)
          .orderBy('recorded_at')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('legal_ground_exceptions')
          .selectAll()
          .where('person_id', '=', personId)
          .where('recipient', 'in', statementRecipients)
          .where('approved_at', '<=', at)
          .orderBy('approved_at')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('formal_requests')
          .selectAll()
          .where('person_id', '=', personId)
          .where('requester', '=', recipient)
          .where('requested_at', '<=', at)
          .orderBy('requested_at')
          .orderBy('id')
          .execute(),
      ]);

    // Most exchanges have no exception: only those that do read their providers' decisions.
    const decisions =
      exceptions.length === 0
        ? []
        : await db
            .selectFrom('exception_provider_decisions')
            .select(['exception_id', 'provider', 'decision', 'decided_at'])
            .where(
              'exception_id',
              'in',
              exceptions.map((row) => row.id),
            )
            .where('decided_at', '<=', at)
            .orderBy('decided_at')
            .orderBy('provider')
            .execute();

    const visible = (time: string | null) => (time !== null && time <= at ? time : null);

    return {
      signatories,
      person:
        person === undefined
          ? null
          : { age_band: ageBandSchema.parse(person.age_band), turns_16_in: person.turns_16_in },
      case: {
        id: caseId,
        phase: phase.phase as CasePhase,
        closed_at: phase.phase === 'closed' ? phase.entered_at : null,
        shadow_review_at: shadowReviewAt(phase),
        participants: participants.map((row) => row.organisation_id),
      },
      consents: consents.map((row) => ({
        id: row.id,
        recipient: row.recipient,
        categories: optionalStringList(row.categories),
        given_by: statementGiverSchema.parse(row.given_by),
        given_at: row.given_at,
        withdrawn_at: visible(row.withdrawn_at),
      })),
      objections: objections.map((row) => ({
        id: row.id,
        recipient: row.recipient,
        categories: optionalStringList(row.categories),
        made_at: row.made_at,
        recorded_at: row.recorded_at,
        withdrawn_at: visible(row.withdrawn_at),
      })),
      exceptions: exceptions.map((row) => ({
        id: row.id,
        recipient: row.recipient,
        categories: stringList(row.categories),
        reason: exceptionReasonSchema.parse(row.reason),
        approved_by_organisation: row.approved_by_organisation,
        approved_by_role: row.approved_by_role as CaseRole,
        approved_at: row.approved_at,
        expires_at: row.expires_at,
        revoked_at: visible(row.revoked_at),
        provider_decisions: decisions
          .filter((decision) => decision.exception_id === row.id)
          .map((decision) => ({
            provider: decision.provider,
            decision: providerDecisionSchema.parse(decision.decision),
            decided_at: decision.decided_at,
          })),
      })),
      formal_requests: requests.map((row) => {
        const decided = visible(row.decided_at) !== null;
        return {
          id: row.id,
          requester: row.requester,
          provider: row.provider,
          purpose: row.purpose,
          categories: stringList(row.categories),
          status: decided ? (row.status as FormalRequestStatus) : 'pending',
          decided_at: decided ? row.decided_at : null,
          expires_at: decided ? row.expires_at : null,
        };
      }),
    };
  }
}

/**
 * The review date of the shadow-list stay the case was in at the moment: the date the move
 * set (CaseRegistry.moveToShadowList, from the same moment and the network's term, which
 * never changes). Taken from the phase entry rather than the case row, which keeps only the
 * current stay's date, so that a decision re-made for a past moment sees the date it saw.
 */
function shadowReviewAt(phase: {
  phase: string;
  entered_at: string;
  shadow_review_months: number;
}): string | null {
  if (phase.phase !== 'shadow_list') return null;
  return shadowReviewDate(new Date(phase.entered_at), phase.shadow_review_months).toISOString();
}
