/**
 * The audit trail's tables as the queries see them. List and object columns hold
 * canonical JSON, so that the hash covers exactly the stored text.
 */
export interface AuditEntriesTable {
  /** Position in the chain: 1, 2, 3, ... without gaps. */
  seq: number;
  at: string;
  event_type: string;
  network_id: string;
  requester_organisation: string | null;
  requester_user: string | null;
  provider_organisation: string | null;
  case_id: string | null;
  person_pseudonym: string | null;
  purpose: string | null;
  grounds: string;
  categories: string;
  fields: string;
  dropped_fields: string;
  payload_sha256: string | null;
  decision: string | null;
  reasons: string;
  policy_revision: string | null;
  request_id: string | null;
  exchange_id: string | null;
  traceparent: string | null;
  details: string;
  prev_hash: string;
  hash: string;
  /**
   * The columns migration 0006 added. Null in an entry written before them (and then not
   * hashed); `requested_categories` set marks an exchange entry whose `categories` are the
   * released ones.
   */
  requester_role: string | null;
  recipient_organisation: string | null;
  requested_categories: string | null;
  /** `[{code, category?}]`: each reason with the category it withheld, if it is a category's. */
  reason_details: string | null;
  /**
   * Migration 0009: the entry's subject (case id, person pseudonym, details) is held apart
   * from its hash. `subject_sha256` is SHA-256 over the canonical JSON of the subject with a
   * random `subject_salt`; the chain hashes the digest, not the subject, so that erasing the
   * subject (and the salt, which would let a guess be checked) leaves the chain whole.
   * Null in an entry written before 0009, whose subject is hashed as it stands.
   */
  subject_sha256: string | null;
  subject_salt: string | null;
  /**
   * Migration 0013: 2 where the subject also holds the categories (requested, released,
   * withheld) and field names, hashed through `subject_sha256` and erased with it; null in
   * an entry written before, whose categories stay in the chain itself.
   */
  subject_version: number | null;
  /**
   * When the subject was erased (its case's retention or the trail's own term past); null
   * while it stands.
   */
  erased_at: string | null;
}

/** One row (id 1): the last entry. Appenders lock it, so the chain never forks. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditCheckpointsTable {
  seq: number;
  head_hash: string;
  at: string;
  /** Compact JWS over the canonical JSON of `{ seq, hash, at }`. */
  jws: string;
}
