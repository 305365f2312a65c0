import fc from 'fast-check';
import type {
  ExceptionProviderDecisionFact,
  ExchangeRequest,
  FormalRequestStatus,
  Timestamp,
} from '../../broker/policy/exchange-request.ts';
import {
  ageBandSchema,
  exceptionReasonSchema,
  type ProviderDecision,
} from '../../broker/store/domain-vocabulary.ts';
import { CASE_PHASES, type CasePhase } from '../../policies/vocabulary/case-phases.ts';
import { CASE_ROLES, type CaseRole } from '../../policies/vocabulary/case-roles.ts';
import covenant from '../../policies/zvh/covenants/bonaire/data.json' with { type: 'json' };

/**
 * Exchange requests around every rule's boundaries. Each fact is usually the value an
 * allowed exchange has and sometimes a value just across a boundary (a millisecond
 * before or after the covenant's validity, consent, withdrawal, expiry or retention end,
 * or a party missing from the signatories), so that
 * both allowed and denied decisions are common.
 */

const PARTNERS = Object.keys(covenant.partners);
const STRANGER = 'stichting-onbekend';
const ORGANISATIONS = [...PARTNERS, STRANGER];
const PURPOSES = [...Object.keys(covenant.purposes), 'marketing'];
const REUSE_PURPOSES = Object.entries(covenant.purposes)
  .filter(([, purpose]) => purpose.kind === 'reuse')
  .map(([id]) => id);
const CATEGORIES = [...Object.keys(covenant.categories), 'shoe_size'];
const MS = 1;
const DAY = 86_400_000;

/** Moments on and next to the covenant's edges, and ordinary days in force. */
const ANCHORS = [
  '2016-02-29T23:59:59.999Z',
  '2019-12-31T23:59:59.999Z',
  '2020-01-01T00:00:00.000Z',
  '2020-01-22T12:00:00.000Z',
  '2020-01-23T23:59:59.999Z',
  '2020-01-24T00:00:00.000Z',
  '2020-03-01T23:59:59.999Z',
  '2020-03-02T00:00:00.000Z',
  '2024-02-29T12:00:00.000Z',
  '2026-11-23T10:00:00.000Z',
  '2027-12-31T23:59:59.999Z',
  '2028-01-01T00:00:00.000Z',
];

const iso = (ms: number): Timestamp => new Date(ms).toISOString();

/** The same moment a number of years earlier, as the policy's string arithmetic sees it. */
const yearsEarlier = (t: Timestamp, years: number): Timestamp =>
  `${String(Number(t.slice(0, 4)) - years).padStart(4, '0')}${t.slice(4)}`;

const offsetFrom = (at: Timestamp) =>
  fc.constantFrom(-30 * DAY, -DAY, -MS, 0, MS, DAY).map((offset) => iso(Date.parse(at) + offset));

const optionalOffsetFrom = (at: Timestamp) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: offsetFrom(at) });

const mostlyOffsetFrom = (at: Timestamp) =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: offsetFrom(at) });

/** Mostly the value of an allowed exchange, sometimes any other. */
const usually = <T>(likely: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ weight: 8, arbitrary: fc.constant(likely) }, { weight: 1, arbitrary: other });

const categoriesArb = fc.subarray(CATEGORIES, { minLength: 1, maxLength: 4 });

const scopeArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.subarray(CATEGORIES, { minLength: 1, maxLength: 3 }) },
);

function requestAt(at: Timestamp): fc.Arbitrary<ExchangeRequest> {
  /** Mostly youth care; sometimes the prosecutor, to whom the police provide under a statute. */
  const recipientArb = fc.oneof(
    { weight: 8, arbitrary: fc.constant('jeugdzorg-cn') },
    { weight: 1, arbitrary: fc.constant('om-bes') },
    { weight: 1, arbitrary: fc.constantFrom(...ORGANISATIONS) },
  );
  return fc
    .record({
      recipient: recipientArb,
      provider: usually('politie-cn', fc.constantFrom(...ORGANISATIONS)),
      role: usually<CaseRole>('case_participant', fc.constantFrom(...CASE_ROLES)),
      signatories: usually<readonly string[]>(PARTNERS, fc.subarray(ORGANISATIONS)),
      network: usually('bonaire', fc.constant('saba')),
      action: fc.constantFrom('pull' as const, 'push' as const),
      purpose: fc.oneof(
        { weight: 6, arbitrary: fc.constant('case_meeting') },
        { weight: 1, arbitrary: fc.constantFrom(...REUSE_PURPOSES) },
        { weight: 1, arbitrary: fc.constantFrom(...PURPOSES) },
      ),
      categories: fc.oneof(
        { weight: 3, arbitrary: fc.constant(['police_incidents', 'school_attendance']) },
        { weight: 1, arbitrary: fc.constant(['police_incidents', 'judicial_status']) },
        { weight: 2, arbitrary: categoriesArb },
      ),
      phase: usually<CasePhase>('case_meeting', fc.constantFrom(...CASE_PHASES)),
      closedAt: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        {
          weight: 2,
          arbitrary: fc
            .constantFrom(-DAY, -MS, 0, MS, DAY)
            .map((offset) => iso(Date.parse(yearsEarlier(at, 1)) + offset)),
        },
      ),
      participantsExtra: fc.subarray(ORGANISATIONS, { maxLength: 4 }),
      recipientTakesPart: usually(true, fc.constant(false)),
      consentRecipients: fc.array(recipientArb, { minLength: 1, maxLength: 2 }),
      consentScopes: fc.array(scopeArb, { minLength: 2, maxLength: 2 }),
      consentStarts: fc.array(usually(iso(Date.parse(at) - 30 * DAY), offsetFrom(at)), {
        minLength: 2,
        maxLength: 2,
      }),
      consentEnds: fc.array(usually(null, offsetFrom(at)), { minLength: 2, maxLength: 2 }),
      objections: fc.array(
        fc.record({
          recipient: recipientArb,
          categories: scopeArb,
          made_at: offsetFrom(at),
          /** Recorded when made, or only at the moment (after any exception approved before it). */
          recordedWhenMade: fc.boolean(),
          withdrawn_at: optionalOffsetFrom(at),
        }),
        { maxLength: 1 },
      ),
      exceptions: fc.array(
        fc.record({
          recipient: recipientArb,
          categories: fc.subarray(CATEGORIES, { minLength: 1, maxLength: 3 }),
          /** For exactly the request's categories, so that it counts. */
          forTheRequest: fc.boolean(),
          /** Often the one reason that cannot override an objection. */
          reason: fc.oneof(
            { weight: 1, arbitrary: fc.constantFrom(...exceptionReasonSchema.options) },
            { weight: 1, arbitrary: fc.constant('person_unreachable' as const) },
          ),
          /** The recipient's own organisation, or the process director's office. */
          selfApproved: fc.oneof(
            { weight: 4, arbitrary: fc.constant(false) },
            { weight: 1, arbitrary: fc.constant(true) },
          ),
          approved_by_role: usually<CaseRole>('process_director', fc.constantFrom(...CASE_ROLES)),
          approved_at: offsetFrom(at),
          /** Around the moment, in force over it, or beyond the covenant's maximum term. */
          expires_at: fc.oneof(
            { weight: 3, arbitrary: offsetFrom(at) },
            { weight: 3, arbitrary: fc.constant(iso(Date.parse(at) + 7 * DAY)) },
            { weight: 1, arbitrary: fc.constant(iso(Date.parse(at) + 200 * DAY)) },
          ),
          revoked_at: optionalOffsetFrom(at),
        }),
        { maxLength: 2 },
      ),
      formalRequests: fc.array(
        fc.record({
          requester: recipientArb,
          provider: usually('politie-cn', fc.constantFrom(...ORGANISATIONS)),
          purpose: fc.constantFrom(...PURPOSES),
          categories: fc.subarray(CATEGORIES, { minLength: 1, maxLength: 3 }),
          /** For exactly the request's purpose and categories, so that it counts. */
          forTheRequest: fc.boolean(),
          status: fc.constantFrom('pending' as const, 'approved' as const, 'refused' as const),
          decided_at: mostlyOffsetFrom(at),
          expires_at: mostlyOffsetFrom(at),
        }),
        { maxLength: 2 },
      ),
      /** A case on the shadow list: its review due around the moment (drawn last, so that
       * adding it left the other facts of each sample as they were). */
      shadowReviewAt: offsetFrom(at),
      /** Mostly a person of any age, sometimes the case as a whole. */
      person: fc.oneof(
        {
          weight: 6,
          arbitrary: fc.constantFrom(...ageBandSchema.options).map((age_band) => ({ age_band })),
        },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
      /**
       * Sometimes the process director's triage pull asking youth care, outside the case,
       * whether it knows the person: the generated consents, objections and exceptions
       * (mostly for youth care) then decide whether it may be asked.
       */
      triage: fc.oneof(
        { weight: 6, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      /** Who gave each consent: the person's own counts only from 16. */
      consentGivers: fc.array(fc.constantFrom('person' as const, 'legal_representative' as const), {
        minLength: 2,
        maxLength: 2,
      }),
      /** For a person in the band 13-17: the month they turn 16, around the moment's, or unknown. */
      turns16In: fc.constantFrom(null, -1, 0, 1).map((months) => {
        if (months === null) return null;
        const date = new Date(Date.parse(at));
        date.setUTCDate(1);
        date.setUTCMonth(date.getUTCMonth() + months);
        return date.toISOString().slice(0, 7);
      }),
      /**
       * Per exception, the providing organisations' decisions: mostly the request's provider
       * approving a day before the moment, sometimes refusing, deciding around the moment,
       * or another partner (drawn last, as the review date above).
       */
      providerDecisions: fc.array(
        fc.array(
          fc.record({
            byTheProvider: usually(true, fc.constant(false)),
            provider: fc.constantFrom(...PARTNERS),
            decision: fc.oneof(
              { weight: 3, arbitrary: fc.constant<ProviderDecision>('approved') },
              { weight: 1, arbitrary: fc.constant<ProviderDecision>('refused') },
            ),
            decided_at: usually(iso(Date.parse(at) - DAY), offsetFrom(at)),
          }),
          { maxLength: 2 },
        ),
        { minLength: 2, maxLength: 2 },
      ),
      /**
       * Sometimes a coherent reuse: the prosecutor using the police's data in a criminal
       * investigation on an approved formal request, which random draws almost never meet
       * (drawn last, as the review date above).
       */
      reuse: fc.oneof(
        { weight: 8, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    })
    .map((f) => (f.triage ? asTriage(f) : f.reuse ? asReuse(f, at) : f))
    .map((f): ExchangeRequest => {
      const phase = f.closedAt === null ? f.phase : 'closed';
      const participants = new Set([...f.participantsExtra, 'politie-cn']);
      if (f.recipientTakesPart) participants.add(f.recipient);
      else participants.delete(f.recipient);
      return {
        at,
        network: f.network,
        action: f.action,
        purpose: f.purpose,
        categories: f.categories,
        provider: { organisation: f.provider },
        recipient: { organisation: f.recipient, role: f.role },
        signatories: f.signatories,
        person:
          f.person === null
            ? null
            : { ...f.person, turns_16_in: f.person.age_band === '13-17' ? f.turns16In : null },
        case: {
          id: 'case-1',
          phase,
          closed_at: f.closedAt,
          shadow_review_at: phase === 'shadow_list' ? f.shadowReviewAt : null,
          participants: [...participants].sort(),
        },
        consents: f.consentRecipients.map((recipient, i) => ({
          id: `consent-${i}`,
          recipient,
          categories: f.consentScopes[i] ?? null,
          given_by: f.consentGivers[i] ?? 'person',
          given_at: f.consentStarts[i] ?? at,
          withdrawn_at: f.consentEnds[i] ?? null,
        })),
        objections: f.objections.map(({ recordedWhenMade, ...o }, i) => ({
          id: `objection-${i}`,
          ...o,
          recorded_at: recordedWhenMade || o.made_at > at ? o.made_at : at,
        })),
        exceptions: f.exceptions.map(({ forTheRequest, selfApproved, ...e }, i) => {
          const approvedBy = selfApproved ? e.recipient : 'zvh-bonaire';
          return {
            id: `exception-${i}`,
            ...e,
            ...(forTheRequest ? { categories: f.categories } : {}),
            approved_by_organisation: approvedBy,
            provider_decisions: providerDecisions(f.providerDecisions[i] ?? [], f.provider, [
              e.recipient,
              approvedBy,
            ]),
          };
        }),
        formal_requests: f.formalRequests.map(({ forTheRequest, ...r }, i) => ({
          id: `request-${i}`,
          ...r,
          ...(forTheRequest
            ? {
                requester: f.recipient,
                provider: f.provider,
                purpose: f.purpose,
                categories: f.categories,
              }
            : {}),
        })),
      };
    });
}

/**
 * An exception's decisions as the store keeps them: one per provider, none by its
 * recipient or approving organisation, by time and then provider.
 */
function providerDecisions(
  drawn: readonly {
    byTheProvider: boolean;
    provider: string;
    decision: ProviderDecision;
    decided_at: Timestamp;
  }[],
  provider: string,
  excluded: readonly string[],
): ExceptionProviderDecisionFact[] {
  const decisions = drawn
    .map(({ byTheProvider, ...d }) => ({ ...d, provider: byTheProvider ? provider : d.provider }))
    .filter((d) => !excluded.includes(d.provider));
  const key = (d: ExceptionProviderDecisionFact) => `${d.decided_at} ${d.provider}`;
  return decisions
    .filter((d, i) => decisions.findIndex((other) => other.provider === d.provider) === i)
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/**
 * The facts of a triage pull by the process director asking youth care, which takes no
 * part in the case, with the person's consent to the process director's office.
 */
function asTriage<
  F extends {
    recipient: string;
    provider: string;
    role: CaseRole;
    action: 'pull' | 'push';
    purpose: string;
    categories: readonly string[];
    phase: CasePhase;
    closedAt: Timestamp | null;
    participantsExtra: string[];
    recipientTakesPart: boolean;
    consentRecipients: string[];
  },
>(f: F): F {
  return {
    ...f,
    recipient: 'zvh-bonaire',
    provider: 'jeugdzorg-cn',
    role: 'process_director',
    purpose: 'triage',
    categories: ['case_involvement'],
    phase: 'triage',
    closedAt: null,
    participantsExtra: f.participantsExtra.filter((o) => o !== 'jeugdzorg-cn'),
    recipientTakesPart: true,
    consentRecipients: ['zvh-bonaire', ...f.consentRecipients.slice(1)],
  };
}

/**
 * The facts of the prosecutor reusing the police's incidents and judicial status in a
 * criminal investigation, on the police's approval of its formal request for exactly that,
 * valid at the moment; the other generated facts still decide.
 */
function asReuse<
  F extends {
    recipient: string;
    provider: string;
    role: CaseRole;
    purpose: string;
    categories: readonly string[];
    phase: CasePhase;
    closedAt: Timestamp | null;
    recipientTakesPart: boolean;
    formalRequests: {
      requester: string;
      provider: string;
      purpose: string;
      categories: string[];
      forTheRequest: boolean;
      status: FormalRequestStatus;
      decided_at: Timestamp | null;
      expires_at: Timestamp | null;
    }[];
  },
>(f: F, at: Timestamp): F {
  const purpose = 'criminal_investigation';
  const categories = ['police_incidents', 'judicial_status'];
  return {
    ...f,
    recipient: 'om-bes',
    provider: 'politie-cn',
    role: 'case_participant',
    purpose,
    categories,
    phase: 'case_meeting',
    closedAt: null,
    recipientTakesPart: true,
    formalRequests: [
      {
        requester: 'om-bes',
        provider: 'politie-cn',
        purpose,
        categories,
        forTheRequest: true,
        status: 'approved',
        decided_at: iso(Date.parse(at) - DAY),
        expires_at: iso(Date.parse(at) + 30 * DAY),
      },
      ...f.formalRequests.slice(1),
    ],
  };
}

/** A request whose shape is broken in one place: the policy must say INPUT_INVALID. */
function malformed(request: ExchangeRequest): fc.Arbitrary<unknown> {
  return fc.constantFrom<unknown>(
    { ...request, at: '2026-11-23 10:00' },
    { ...request, categories: [] },
    { ...request, action: 'copy' },
    { ...request, case: { ...request.case, participants: 'politie-cn' } },
    { ...request, consents: [{ id: 'c', recipient: 'x', categories: null, given_at: 5 }] },
    { ...request, recipient: { organisation: 'jeugdzorg-cn' } },
    { ...request, signatories: 'politie-cn' },
  );
}

export const exchangeRequestArbitrary: fc.Arbitrary<unknown> = usually(
  '2026-11-23T10:00:00.000Z',
  fc.constantFrom(...ANCHORS),
)
  .chain(requestAt)
  .chain((request) =>
    fc.oneof(
      { weight: 19, arbitrary: fc.constant<unknown>(request) },
      { weight: 1, arbitrary: malformed(request) },
    ),
  );
