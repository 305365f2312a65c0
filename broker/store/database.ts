import type { Generated } from 'kysely';
import type {
  AuditCheckpointsTable,
  AuditEntriesTable,
  AuditHeadTable,
} from '../audit/trail/audit-tables.ts';

/**
 * The tables as the queries see them. Times are `toISOString()` strings in both
 * dialects: the policy compares exactly these strings, and string order is time order.
 * Lists are JSON text, so one schema serves SQLite and PostgreSQL.
 */
export interface Database {
  networks: NetworksTable;
  partners: PartnersTable;
  cases: CasesTable;
  case_phases: CasePhasesTable;
  persons: PersonsTable;
  participants: ParticipantsTable;
  consents: ConsentsTable;
  objections: ObjectionsTable;
  legal_ground_exceptions: LegalGroundExceptionsTable;
  exception_provider_decisions: ExceptionProviderDecisionsTable;
  formal_requests: FormalRequestsTable;
  audit_entries: AuditEntriesTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointsTable;
  push_outbox: PushOutboxTable;
  assertion_claims: AssertionClaimsTable;
  push_idempotency_keys: PushIdempotencyKeysTable;
  case_actions: CaseActionsTable;
  decision_inputs: DecisionInputsTable;
  covenant_versions: CovenantVersionsTable;
  covenant_decisions: CovenantDecisionsTable;
}

export interface NetworksTable {
  id: string;
  name: string;
  /** The partner that holds process direction (the ZVH itself). */
  coordinator_organisation: string;
  covenant_version: string | null;
  retention_years: number;
  /** Years after which an audit entry's subject is erased, its case's state aside (0013). */
  audit_retention_years: number;
  /** Months a case waits on the shadow list before its review is due (covenant data). */
  shadow_review_months: number;
  created_at: string;
}

export interface PartnersTable {
  network_id: string;
  organisation_id: string;
  name: string;
  domain: string;
  joined_at: string;
  withdrawn_at: string | null;
}

export interface CasesTable {
  id: string;
  network_id: string;
  case_type: string;
  /** JSON of RegistrationCriteria. */
  criteria: string;
  /** JSON array of LifeDomain. */
  life_domains: string;
  phase: string;
  registered_by_organisation: string;
  registered_by_user: string;
  registered_at: string;
  triage_decision: string | null;
  shadow_review_at: string | null;
  outcome: string | null;
  /** Set while the phase is `closed`; the retention job's clock starts here. */
  closed_at: string | null;
  updated_at: string;
}

/** One row per phase the case entered: the phase at any past moment, for replaying decisions. */
export interface CasePhasesTable {
  seq: Generated<number>;
  case_id: string;
  phase: string;
  entered_at: string;
}

export interface PersonsTable {
  id: string;
  case_id: string;
  /** HMAC of the national identifier: lookups and the audit trail. */
  pseudonym: string;
  /** AES-256-GCM of the national identifier, bound to this row's id. */
  national_id_sealed: string;
  age_band: string;
  /** `YYYY-MM`, the month a person in the band 13-17 turns 16; null if unknown or another band. */
  turns_16_in: string | null;
  gender: string;
  added_at: string;
}

export interface ParticipantsTable {
  id: string;
  case_id: string;
  organisation_id: string;
  user_id: string;
  role: string;
  added_at: string;
  removed_at: string | null;
}

interface StatementColumns {
  id: string;
  case_id: string;
  person_id: string;
  recipient: string;
  /** JSON array, or null for every category. */
  categories: string | null;
  given_by: string;
  obtained_how: string;
  recorded_by_organisation: string;
  recorded_by_user: string;
  recorded_at: string;
  withdrawn_at: string | null;
}

export interface ConsentsTable extends StatementColumns {
  given_at: string;
}

export interface ObjectionsTable extends StatementColumns {
  made_at: string;
}

export interface LegalGroundExceptionsTable {
  id: string;
  case_id: string;
  person_id: string;
  recipient: string;
  categories: string;
  reason: string;
  justification: string;
  approved_by_organisation: string;
  approved_by_user: string;
  approved_by_role: string;
  approved_at: string;
  expires_at: string;
  /** Set with expires_at when the process director revokes it (migration 0012). */
  revoked_at: string | null;
}

/** A providing organisation's approval or refusal of an exception (migration 0015). */
export interface ExceptionProviderDecisionsTable {
  exception_id: string;
  /** The organisation that decided, as the provider of the exception's categories. */
  provider: string;
  case_id: string;
  /** approved or refused. */
  decision: string;
  /** Why; like the exception's justification, never in a domain event. */
  reason: string;
  decided_by_user: string;
  decided_at: string;
}

export interface FormalRequestsTable {
  id: string;
  case_id: string;
  person_id: string;
  requester: string;
  requested_by_user: string;
  provider: string;
  purpose: string;
  categories: string;
  /** JSON array of the ids of the exchanges whose data would be reused. */
  exchange_ids: string;
  justification: string;
  status: string;
  requested_at: string;
  decided_by_user: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  expires_at: string | null;
}

/** A pushed message waiting for its recipient's adapter; deleted once delivered or rejected. */
export interface PushOutboxTable {
  /** Delivery order per recipient. */
  seq: Generated<number>;
  message_id: string;
  recipient: string;
  network_id: string;
  case_id: string;
  /** The person the update is about: the national id is revealed only at delivery. */
  person_id: string | null;
  /** AES-256-GCM of the message without the person, bound to recipient and message id. */
  sealed_message: string;
  /** JSON of what the follow-up audit entries repeat: names and codes, never values. */
  audit: string;
  attempts: number;
  queued_at: string;
  last_attempt_at: string | null;
}

/** A user assertion the broker accepted; the row goes once the assertion has expired. */
export interface AssertionClaimsTable {
  /** The organisation of the certificate the assertion came with. */
  organisation: string;
  /** The assertion's `jti`. */
  assertion_id: string;
  /** Its `exp` plus the allowed clock difference: until then a replay could pass the checks. */
  expires_at: string;
}

/** A push's Idempotency-Key, kept for a day; see push-idempotency.ts. */
export interface PushIdempotencyKeysTable {
  network_id: string;
  /** The sending organisation: a key is the sender's own. */
  organisation: string;
  idempotency_key: string;
  /** SHA-256 (hex) of the case and the request body: the same key with another body is refused. */
  request_sha256: string;
  /** `in_progress` until the push's entries and messages commit, then `accepted`. */
  state: 'in_progress' | 'accepted';
  /** The attempt that holds the key; a takeover after a crash gets a new one. */
  owner: string;
  /** Until then another attempt with the key is refused as in progress. */
  lease_until: string;
  /** JSON of the push's answer, once accepted. */
  outcome: string | null;
  created_at: string;
  expires_at: string;
}

/** An action of a case's joint plan, agreed in a case meeting; deleted with the case. */
export interface CaseActionsTable {
  id: string;
  case_id: string;
  /** The organisation that carries the action. */
  organisation_id: string;
  /** Plan logistics in a few words; never personal data (see case-actions.ts). */
  description: string;
  /** The date (YYYY-MM-DD) of the case meeting that agreed it. */
  meeting_on: string;
  /** YYYY-MM-DD: overdue from the next day while not done or dropped. */
  due_on: string;
  /** agreed, in_progress, done or dropped. */
  status: string;
  agreed_by_organisation: string;
  agreed_by_user: string;
  agreed_at: string;
  status_changed_at: string;
  updated_at: string;
}

/**
 * The policy input of one pull or push decision and what the broker acted on (migration
 * 0011), for the covenant impact report; deleted with the case.
 */
export interface DecisionInputsTable {
  seq: Generated<number>;
  network_id: string;
  case_id: string;
  /** The input's `at`: the moment the policy decided for. */
  decided_at: string;
  /** JSON of the ExchangeRequest as the engine got it. */
  input: string;
  decision: 'allow' | 'deny';
  /** JSON array of the categories the decision permitted any field of. */
  permitted_categories: string;
  /** JSON array of the decision's reasons, `{ code, category? }`. */
  reasons: string;
  policy_revision: string;
}

/** A proposed covenant version: the content the policy bundle holds, never changed. */
export interface CovenantVersionsTable {
  /** `sha256:<hex>` of the content's RFC 8785 canonical JSON. */
  id: string;
  network_id: string;
  /** The content's `version`, such as `bonaire-2020`. */
  label: string;
  /** The content's canonical JSON. */
  content: string;
  not_before: string;
  not_after: string;
  proposed_at: string;
  proposed_by_organisation: string;
  proposed_by_user: string;
}

/** A partner's signed decision about a covenant version; a later one is a new row. */
export interface CovenantDecisionsTable {
  seq: Generated<number>;
  version_id: string;
  organisation_id: string;
  /** 1 for the organisation's first decision about the version, 2 for the next, ... */
  position: number;
  /** accept, reject or revoke. */
  decision: string;
  /** The time the partner signed, from the signed payload. */
  signed_at: string;
  /** The broker's time: from then on the decision counts. */
  recorded_at: string;
  recorded_by_user: string;
  /** The compact JWS as the partner sent it, so anyone can verify it again. */
  jws: string;
  /** The partner certificate (PEM) that signed it, the one of the connection it came on. */
  certificate_pem: string;
}
