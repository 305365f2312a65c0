import type { ReasonCode } from '../../../policies/vocabulary/reason-codes.ts';
import type { Ground } from '../../policy/decision.ts';

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
  readonly requester?: { readonly organisation: string; readonly user: string };
  readonly provider?: string;
  readonly caseId?: string;
  readonly personPseudonym?: string;
  readonly purpose?: string;
  /** Per category, the consent, exception or formal request the decision rests on. */
  readonly grounds?: Readonly<Record<string, Ground>>;
  readonly categories?: readonly string[];
  /** Field names released, e.g. `incidents.date`; never their values. */
  readonly fields?: readonly string[];
  /** Field names an adapter sent that the decision did not permit, so the broker dropped. */
  readonly droppedFields?: readonly string[];
  /** SHA-256 (hex) of the released payload's canonical JSON. */
  readonly payloadSha256?: string;
  readonly decision?: 'allow' | 'deny';
  readonly reasons?: readonly ReasonCode[];
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
