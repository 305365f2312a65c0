import type { CasePhase } from '../../policies/vocabulary/case-phases.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type {
  AgeBand,
  ExceptionReason,
  ProviderDecision,
  StatementGiver,
} from '../store/domain-vocabulary.ts';

/**
 * The policy's input: one flow of case data, with every stored fact the protocol
 * decides on. The broker builds it from validated values and its own store, never from
 * a raw request body.
 *
 * Times are UTC strings as `Date.prototype.toISOString` writes them; the policy
 * compares them as strings (see policies/zvh/lib/timestamp).
 */
export type Timestamp = string;

export type ExchangeAction = 'pull' | 'push';

/** The person a flow is about, as far as the policy needs to know them. */
export interface PersonFacts {
  readonly age_band: AgeBand;
  /**
   * `YYYY-MM`, the month a person in the band 13-17 turns 16, or null: the person counts
   * as under 16 through it (and without it), when only a legal representative consents.
   */
  readonly turns_16_in: string | null;
}

export interface CaseFacts {
  readonly id: string;
  readonly phase: CasePhase;
  readonly closed_at: Timestamp | null;
  /**
   * When the case's shadow-list review is due, while it is on the shadow list (null in
   * any other phase): from then until the review only what the review needs flows.
   */
  readonly shadow_review_at: Timestamp | null;
  /** Organisation ids of the partners taking part in the case. */
  readonly participants: readonly string[];
}

/** Consent of the person to share with one recipient; `categories: null` covers all. */
export interface ConsentFact {
  readonly id: string;
  readonly recipient: string;
  readonly categories: readonly string[] | null;
  /** The person's own consent counts only from 16; the legal representative's always. */
  readonly given_by: StatementGiver;
  readonly given_at: Timestamp;
  readonly withdrawn_at: Timestamp | null;
}

export interface ObjectionFact {
  readonly id: string;
  readonly recipient: string;
  readonly categories: readonly string[] | null;
  readonly made_at: Timestamp;
  /**
   * When the broker recorded it: an objection recorded after an exception was approved
   * was not before the process director, and suspends the exception unless it is for danger.
   */
  readonly recorded_at: Timestamp;
  readonly withdrawn_at: Timestamp | null;
}

/** A recorded legal ground for an exchange without consent. */
export interface ExceptionFact {
  readonly id: string;
  readonly recipient: string;
  readonly categories: readonly string[];
  /**
   * Why consent is not the ground: the policy lets only danger, a legal obligation or a
   * vital interest override an objection.
   */
  readonly reason: ExceptionReason;
  /** The organisation of the process director who approved it: never the recipient's. */
  readonly approved_by_organisation: string;
  readonly approved_by_role: CaseRole;
  readonly approved_at: Timestamp;
  /** When it ends: the planned expiry, or the moment it was revoked. */
  readonly expires_at: Timestamp;
  /** When the process director revoked it; null unless that was at or before `at`. */
  readonly revoked_at: Timestamp | null;
  /**
   * The providing organisations' decisions made at or before `at`, by `decided_at`, then
   * provider: for special categories the exception counts only for a provider that
   * approved it, or when the approving organisation is the provider itself.
   */
  readonly provider_decisions: readonly ExceptionProviderDecisionFact[];
}

/** A providing organisation's decision about an exception, made once. */
export interface ExceptionProviderDecisionFact {
  readonly provider: string;
  readonly decision: ProviderDecision;
  readonly decided_at: Timestamp;
}

export type FormalRequestStatus = 'pending' | 'approved' | 'refused';

/** A request to reuse data from the case process for a new purpose. */
export interface FormalRequestFact {
  readonly id: string;
  readonly requester: string;
  readonly provider: string;
  readonly purpose: string;
  readonly categories: readonly string[];
  readonly status: FormalRequestStatus;
  readonly decided_at: Timestamp | null;
  readonly expires_at: Timestamp | null;
}

export interface ExchangeRequest {
  readonly at: Timestamp;
  readonly network: string;
  readonly action: ExchangeAction;
  readonly purpose: string;
  readonly categories: readonly string[];
  readonly provider: { readonly organisation: string };
  readonly recipient: { readonly organisation: string; readonly role: CaseRole };
  /**
   * The organisations holding a standing acceptance of the active covenant version at
   * `at`; the policy makes a party only of those the covenant names too.
   */
  readonly signatories: readonly string[];
  /**
   * Null for an update about the case as a whole: it may carry only the fields that
   * describe the case's process, and no person's statement is then a ground.
   */
  readonly person: PersonFacts | null;
  readonly case: CaseFacts;
  readonly consents: readonly ConsentFact[];
  readonly objections: readonly ObjectionFact[];
  readonly exceptions: readonly ExceptionFact[];
  readonly formal_requests: readonly FormalRequestFact[];
}
