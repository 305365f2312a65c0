import type { CaseRole } from '../../../policies/vocabulary/case-roles.ts';
import type { ReasonCode } from '../../../policies/vocabulary/reason-codes.ts';
import type { Ground } from '../../policy/decision.ts';

/** A reason code with the category it withheld; a request-level reason names none. */
export interface ReasonDetail {
  readonly code: ReasonCode;
  readonly category?: string;
}

/** Scalars and lists of them only: no nested free text can slip into an event. */
export type EventDetails = Readonly<
  Record<string, string | number | boolean | null | readonly string[]>
>;

/** What an entry records: an exchange, a policy decision, or a change to the domain. */
export type AuditEventType =
  | 'exchange.pull'
  | 'exchange.push'
  /** The recipient's adapter acknowledged a pushed message: the moment it left the broker. */
  | 'exchange.push.delivered'
  /** The recipient's adapter refused a pushed message for good: it was dropped, not sent. */
  | 'exchange.push.rejected'
  | 'decision'
  /**
   * A request refused after the caller's identity was established (401 after the
   * handshake, 403, 404, 409, 422): who tried what, with the code it was refused with.
   */
  | 'access.refused'
  /** A privacy officer searched the trail or reported on it: searching is processing too. */
  | 'audit.search'
  /**
   * Appends failed for a while (full disk, I/O error) and now commit again: since when, how
   * many were lost and why. Nothing was released meanwhile.
   */
  | 'audit.outage'
  | `domain.${string}`;

/**
 * One thing that happened, as a caller hands it to the trail. Names and codes only: the
 * released values never enter the trail, only their field names and a digest
 * (`payloadDigest`). Omitted fields are stored as null or empty.
 */
export interface AuditRecord {
  readonly type: AuditEventType;
  /** Defaults to the trail's clock at append. */
  readonly at?: Date;
  readonly network: string;
  readonly requester?: {
    readonly organisation: string;
    /** Absent only where no user was verified: a request refused for its assertion. */
    readonly user?: string;
    readonly role?: CaseRole;
  };
  /** Pull: the organisation holding the data; push: the sender. */
  readonly provider?: string;
  /** Pull: the requester's organisation; push: the receiving organisation. */
  readonly recipient?: string;
  readonly caseId?: string;
  readonly personPseudonym?: string;
  readonly purpose?: string;
  /** Per category, the consent, exception or formal request the decision rests on. */
  readonly grounds?: Readonly<Record<string, Ground>>;
  /** The categories asked for (pull) or offered (push). */
  readonly requestedCategories?: readonly string[];
  /** Of an exchange: the categories released. */
  readonly categories?: readonly string[];
  /** Field names released, e.g. `incidents.date`; never their values. */
  readonly fields?: readonly string[];
  /** Field names an adapter sent that the decision did not permit, so the broker dropped. */
  readonly droppedFields?: readonly string[];
  /** SHA-256 (hex) of the released payload's canonical JSON. */
  readonly payloadSha256?: string;
  readonly decision?: 'allow' | 'deny';
  /** Reasons without a category: the request's, or an outcome's (ADAPTER_UNAVAILABLE, ...). */
  readonly reasons?: readonly ReasonCode[];
  /** Reasons the policy gave for withholding one category each. */
  readonly categoryReasons?: readonly Required<ReasonDetail>[];
  readonly policyRevision?: string;
  readonly requestId?: string;
  readonly exchangeId?: string;
  /** W3C trace context of the request, as propagated to the adapters. */
  readonly traceparent?: string;
  /** Ids, codes and counts of a domain change. */
  readonly details?: EventDetails;
}

/** Where an appended entry landed in the chain. */
export interface AuditReceipt {
  readonly seq: number;
  readonly hash: string;
}
