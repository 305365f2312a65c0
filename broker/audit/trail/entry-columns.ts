import { randomBytes } from 'node:crypto';
import type { AuditRecord, ReasonDetail } from './audit-record.ts';
import { canonicalJson } from './canonical-json.ts';
import { CONTENT_SUBJECT_VERSION, type HashedColumns, subjectHash } from './entry-hash.ts';

const EVENT_TYPE =
  /^(exchange\.pull|exchange\.push(\.delivered|\.rejected)?|decision|access\.refused|audit\.(outage|search)|domain\.[a-z][a-z0-9_.]*)$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * An entry's bound, as the canonical JSON of its record: several times the largest an
 * exchange of the whole covenant needs, so that a record grown past it is a bug or an
 * attack, refused rather than kept forever.
 */
export const MAX_RECORD_CHARS = 32 * 1024;

/** A malformed record is the caller's bug, hence a TypeError rather than a failed write. */
export function checkRecord(record: AuditRecord): void {
  if (!EVENT_TYPE.test(record.type)) {
    throw new TypeError(`audit event type ${record.type} is not one the trail records`);
  }
  if (record.payloadSha256 !== undefined && !SHA256_HEX.test(record.payloadSha256)) {
    throw new TypeError('payloadSha256 must be 64 lowercase hex digits');
  }
  const size = canonicalJson(record).length;
  if (size > MAX_RECORD_CHARS) {
    throw new TypeError(
      `an audit record holds at most ${MAX_RECORD_CHARS} characters, not ${size}`,
    );
  }
}

/**
 * A record as the row it becomes at a place in the chain. Its subject (case, person,
 * details, and what was asked, released and withheld) is held apart behind a salted digest
 * unless `subjectApart` is false (the migration that moved the domain events in, before
 * the columns for it existed).
 */
export function entryColumns(
  record: AuditRecord,
  at: Date,
  seq: number,
  prevHash: string,
  subjectApart = true,
): HashedColumns {
  checkRecord(record);
  const reasons = reasonsOf(record);
  const subject = {
    case_id: record.caseId ?? null,
    person_pseudonym: record.personPseudonym ?? null,
    details: canonicalJson(record.details ?? {}),
    subject_salt: subjectApart ? randomBytes(16).toString('hex') : null,
    subject_version: subjectApart ? CONTENT_SUBJECT_VERSION : null,
    categories: canonicalJson(record.categories ?? []),
    fields: canonicalJson(record.fields ?? []),
    dropped_fields: canonicalJson(record.droppedFields ?? []),
    grounds: canonicalJson(record.grounds ?? {}),
    requested_categories:
      record.requestedCategories === undefined ? null : canonicalJson(record.requestedCategories),
    reason_details: record.categoryReasons === undefined ? null : canonicalJson(reasons),
  };
  return {
    ...subject,
    subject_sha256: subjectApart ? subjectHash(subject) : null,
    seq,
    at: at.toISOString(),
    event_type: record.type,
    network_id: record.network,
    requester_organisation: record.requester?.organisation ?? null,
    requester_user: record.requester?.user ?? null,
    provider_organisation: record.provider ?? null,
    purpose: record.purpose ?? null,
    payload_sha256: record.payloadSha256 ?? null,
    decision: record.decision ?? null,
    reasons: canonicalJson([...reasons.map((r) => r.code)]),
    policy_revision: record.policyRevision ?? null,
    request_id: record.requestId ?? null,
    exchange_id: record.exchangeId ?? null,
    traceparent: record.traceparent ?? null,
    prev_hash: prevHash,
    requester_role: record.requester?.role ?? null,
    recipient_organisation: record.recipient ?? null,
  };
}

/**
 * Every reason of a record, those of the request first and then each category's, in a
 * stable order: `reasons` keeps the codes as before, `reason_details` adds the category.
 */
function reasonsOf(record: AuditRecord): ReasonDetail[] {
  const request: ReasonDetail[] = (record.reasons ?? []).map((code) => ({ code }));
  const categories = [...(record.categoryReasons ?? [])].sort(
    (a, b) => compare(a.category, b.category) || compare(a.code, b.code),
  );
  return [...request, ...categories];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
