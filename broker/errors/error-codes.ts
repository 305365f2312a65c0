import { type CodeEntry, EDGE_ERROR_CODES } from '../../adapters/contract/problem.ts';

/**
 * Every failure the broker reports has one of these codes. They are stable: partners'
 * systems switch on them, and the problem+json `type` of each is a docs anchor.
 */
export const ERROR_CODES = {
  ...EDGE_ERROR_CODES,
  POLICY_UNAVAILABLE: { status: 503, title: 'The exchange policy could not be loaded' },
  POLICY_EVALUATION_FAILED: { status: 500, title: 'The exchange policy failed to evaluate' },
  POLICY_RESULT_INVALID: {
    status: 500,
    title: 'The exchange policy returned an unexpected result',
  },
  POLICY_BUNDLE_UNSIGNED: {
    status: 503,
    title: 'The policy bundle has no .signatures.json and was not activated',
  },
  POLICY_BUNDLE_SIGNATURE_INVALID: {
    status: 503,
    title: 'The policy bundle signature does not verify and the bundle was not activated',
  },
  POLICY_BUNDLE_FILE_ALTERED: {
    status: 503,
    title: 'A policy bundle file differs from what its signature lists; not activated',
  },
  POLICY_BUNDLE_INVALID: {
    status: 503,
    title: 'The policy bundle is malformed or its policy does not load; not activated',
  },
  POLICY_BUNDLE_REVISION_REUSED: {
    status: 503,
    title: 'The policy bundle reuses the active revision for other content; not activated',
  },
  POLICY_BUNDLE_UNREACHABLE: {
    status: 503,
    title: 'The policy bundle location could not be read',
  },
  CONFIG_INVALID: { status: 500, title: 'The broker configuration is invalid' },
  CASE_TRANSITION_INVALID: {
    status: 409,
    title: 'The case cannot make this transition from its current phase',
  },
  METHOD_NOT_ALLOWED: { status: 405, title: 'The resource does not answer this method' },
  CASE_ROLE_REQUIRED: { status: 403, title: 'The action needs another role in the case' },
  PARTNER_UNKNOWN: { status: 422, title: 'The organisation is not a partner of the network' },
  RECORD_CONFLICT: { status: 409, title: 'The record is not in a state that allows this' },
  CLIENT_CERT_REQUIRED: { status: 401, title: 'A client certificate of the network is required' },
  ASSERTION_MISSING: { status: 401, title: 'A user assertion is required' },
  ASSERTION_MALFORMED: { status: 401, title: 'The user assertion is malformed' },
  ASSERTION_INVALID_SIGNATURE: { status: 401, title: 'The user assertion signature is invalid' },
  ASSERTION_WRONG_AUDIENCE: {
    status: 401,
    title: 'The user assertion is meant for another audience',
  },
  ASSERTION_EXPIRED: { status: 401, title: 'The user assertion has expired' },
  ASSERTION_LIFETIME_TOO_LONG: { status: 401, title: 'The user assertion lives too long' },
  ASSERTION_ISSUER_MISMATCH: {
    status: 401,
    title: 'The user assertion issuer is not the certificate organisation',
  },
  ASSERTION_CERT_BINDING_MISMATCH: {
    status: 401,
    title: 'The user assertion is bound to another certificate',
  },
  ASSERTION_REPLAYED: { status: 401, title: 'The user assertion was already used' },
  REPLAY_CACHE_FULL: { status: 503, title: 'Too many assertions in flight' },
  REPLAY_CACHE_UNAVAILABLE: {
    status: 503,
    title: "The broker cannot record the assertion's use",
  },
  AUDIT_WRITE_FAILED: { status: 503, title: 'The audit trail could not record the exchange' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'The Idempotency-Key was used for another request',
  },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    title: 'A request with this Idempotency-Key is still under way',
  },
  PRIVACY_OFFICER_REQUIRED: {
    status: 403,
    title: 'The audit trail is read by a privacy officer only',
  },
  NETWORK_PRIVACY_OFFICER_REQUIRED: {
    status: 403,
    title: "The report covers the whole network: it is the network's privacy officer's",
  },
  REFUSALS_THROTTLED: {
    status: 429,
    title: 'Too many refused requests from this organisation; see Retry-After',
  },
  CASE_PARTICIPANT_REQUIRED: {
    status: 422,
    title: 'The organisation does not take part in the case',
  },
  CASE_REPORT_READER_REQUIRED: {
    status: 403,
    title: 'The case report is read by the process director or a privacy officer only',
  },
  SUBJECT_ACCESS_TOO_LARGE: {
    status: 422,
    title: 'Too many exchanges for one subject access report',
  },
  EXCHANGE_NOT_RECEIVED: {
    status: 422,
    title: 'The formal request names an exchange the requester did not receive',
  },
  PARTNER_NOT_SIGNATORY: {
    status: 403,
    title: 'The organisation is not a party to the covenant in force: it has not accepted it',
  },
  COVENANT_NOT_IN_FORCE: { status: 403, title: 'No covenant version is in force for the network' },
  COVENANT_PROPOSER_REQUIRED: {
    status: 403,
    title: "A covenant version is proposed by the network's process director only",
  },
  COVENANT_VERSION_UNKNOWN: { status: 404, title: 'No such covenant version' },
  COVENANT_DECISION_CONFLICT: {
    status: 409,
    title: "The decision does not follow the organisation's standing decision about the version",
  },
  COVENANT_CONTENT_INVALID: { status: 422, title: 'The covenant content is not valid' },
  COVENANT_SIGNATURE_INVALID: {
    status: 422,
    title: 'The signed covenant decision does not verify against the caller certificate',
  },
  COVENANT_IMPACT_READER_REQUIRED: {
    status: 403,
    title: "The impact report is the network's process director's or privacy officer's only",
  },
} as const satisfies Record<string, CodeEntry>;

export type BrokerErrorCode = keyof typeof ERROR_CODES;
