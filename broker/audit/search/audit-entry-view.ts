import type { ReasonCode } from '../../../policies/vocabulary/reason-codes.ts';
import type { Ground } from '../../policy/decision.ts';
import type { ReasonDetail } from '../trail/audit-record.ts';
import type { AuditEntriesTable } from '../trail/audit-tables.ts';

/** What happened to one requested category in an exchange. */
export interface CategoryOutcome {
  readonly category: string;
  /**
   * `released`: it left the broker; `withheld`: a reason kept it back (`codes` say
   * which); `not_returned`: permitted, but the provider held nothing of it.
   */
  readonly outcome: 'released' | 'withheld' | 'not_returned';
  readonly codes: ReasonCode[];
}

/**
 * One entry of the trail as a privacy officer reads it: the same facts in every entry's
 * words, whether it was written before the detail columns existed or after. Field names
 * and digests only, never values.
 */
export interface AuditEntryView {
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly network: string;
  readonly requester: {
    readonly organisation: string;
    readonly user: string | null;
    readonly role: string | null;
  } | null;
  /** Pull: the organisation holding the data; push: the sender. */
  readonly provider: string | null;
  /** Pull: the requester's organisation; push: the receiving organisation. */
  readonly recipient: string | null;
  readonly caseId: string | null;
  readonly personPseudonym: string | null;
  readonly purpose: string | null;
  /** Null for an exchange entry written before requests were recorded apart. */
  readonly requestedCategories: string[] | null;
  readonly releasedCategories: string[];
  readonly fields: string[];
  readonly droppedFields: string[];
  readonly payloadSha256: string | null;
  readonly decision: 'allow' | 'deny' | null;
  /** Every reason code, with the category it withheld where it is a category's. */
  readonly reasons: ReasonDetail[];
  /** Per requested category, when the entry records what was requested. */
  readonly outcomes: CategoryOutcome[];
  readonly grounds: Readonly<Record<string, Ground>>;
  readonly policyRevision: string | null;
  readonly requestId: string | null;
  readonly exchangeId: string | null;
  readonly traceparent: string | null;
  readonly details: Record<string, string | number | boolean | null | string[]>;
  readonly prevHash: string;
  readonly hash: string;
  /**
   * When its subject was erased (case, person, details and, from migration 0013 on, the
   * categories and fields), its retention past: the entry still holds its place in the chain.
   */
  readonly erasedAt: string | null;
}

const EXCHANGE = /^exchange\./;

/**
 * An entry row as its view. An exchange entry from before migration 0006 recorded the
 * requested categories in `categories` when it denied and the released ones when it
 * allowed, and a push its recipient in `details`; the view says which is which.
 *
 * @example
 * const views = rows.map(entryView);
 */
export function entryView(row: AuditEntriesTable): AuditEntryView {
  const categories = JSON.parse(row.categories) as string[];
  const details = JSON.parse(row.details) as AuditEntryView['details'];
  const decision = row.decision === 'allow' || row.decision === 'deny' ? row.decision : null;
  const exchange = EXCHANGE.test(row.event_type);
  const detailed = row.requested_categories !== null;
  const requested: string[] | null = detailed
    ? (JSON.parse(row.requested_categories as string) as string[])
    : exchange && decision === 'deny'
      ? categories
      : null;
  const released = detailed || decision === 'allow' ? categories : [];
  const reasons: ReasonDetail[] =
    row.reason_details === null
      ? (JSON.parse(row.reasons) as ReasonCode[]).map((code) => ({ code }))
      : (JSON.parse(row.reason_details) as ReasonDetail[]);
  const legacyRecipient =
    row.event_type.startsWith('exchange.push') && typeof details.recipient === 'string'
      ? details.recipient
      : row.event_type === 'exchange.pull'
        ? row.requester_organisation
        : null;
  return {
    seq: Number(row.seq),
    at: row.at,
    type: row.event_type,
    network: row.network_id,
    requester:
      row.requester_organisation === null
        ? null
        : {
            organisation: row.requester_organisation,
            user: row.requester_user,
            role: row.requester_role,
          },
    provider: row.provider_organisation,
    recipient: row.recipient_organisation ?? legacyRecipient,
    caseId: row.case_id,
    personPseudonym: row.person_pseudonym,
    purpose: row.purpose,
    requestedCategories: requested,
    releasedCategories: released,
    fields: JSON.parse(row.fields) as string[],
    droppedFields: JSON.parse(row.dropped_fields) as string[],
    payloadSha256: row.payload_sha256,
    decision,
    reasons,
    outcomes: requested === null ? [] : outcomesOf(requested, released, reasons),
    grounds: JSON.parse(row.grounds) as Record<string, Ground>,
    policyRevision: row.policy_revision,
    requestId: row.request_id,
    exchangeId: row.exchange_id,
    traceparent: row.traceparent,
    details,
    prevHash: row.prev_hash,
    hash: row.hash,
    erasedAt: row.erased_at,
  };
}

/**
 * A category not released is withheld by its own reasons, or else by the request's (a
 * denial of the whole request, an adapter that did not answer); permitted and simply not
 * held by the provider, it is `not_returned`.
 */
function outcomesOf(
  requested: string[],
  released: string[],
  reasons: ReasonDetail[],
): CategoryOutcome[] {
  const requestCodes = reasons.filter((r) => r.category === undefined).map((r) => r.code);
  return requested.map((category) => {
    if (released.includes(category)) return { category, outcome: 'released', codes: [] };
    const own = reasons.filter((r) => r.category === category).map((r) => r.code);
    const codes = own.length > 0 ? own : requestCodes;
    return { category, outcome: codes.length > 0 ? 'withheld' : 'not_returned', codes };
  });
}
