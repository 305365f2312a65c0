import { CodedError } from '../../adapters/contract/coded-error.ts';
import type { BrokerErrorCode } from './error-codes.ts';

/**
 * Base of the errors only the broker raises; the edge errors it shares with the adapters
 * (invalid request, not found, certificate not accepted) are the wire contract's.
 *
 * @example
 * if (error instanceof BrokerError && error.code === 'POLICY_UNAVAILABLE') retryLater();
 */
export class BrokerError extends CodedError<BrokerErrorCode> {}

/** The policy bundle is missing, corrupt, or lacks the decision entrypoint. */
export class PolicyUnavailableError extends BrokerError {
  declare readonly code: 'POLICY_UNAVAILABLE';

  constructor(message: string, options?: ErrorOptions) {
    super('POLICY_UNAVAILABLE', message, options);
  }
}

/** The wasm policy threw while evaluating (opa-wasm throws strings and plain objects). */
export class PolicyEvaluationError extends BrokerError {
  declare readonly code: 'POLICY_EVALUATION_FAILED';

  constructor(message: string, options?: ErrorOptions) {
    super('POLICY_EVALUATION_FAILED', message, options);
  }
}

/** The policy answered, but not with a decision of the agreed shape. */
export class PolicyResultInvalidError extends BrokerError {
  declare readonly code: 'POLICY_RESULT_INVALID';

  constructor(message: string, options?: ErrorOptions) {
    super('POLICY_RESULT_INVALID', message, options);
  }
}

export type PolicyBundleRefusalCode =
  | 'POLICY_BUNDLE_UNSIGNED'
  | 'POLICY_BUNDLE_SIGNATURE_INVALID'
  | 'POLICY_BUNDLE_FILE_ALTERED'
  | 'POLICY_BUNDLE_INVALID'
  | 'POLICY_BUNDLE_REVISION_REUSED';

/**
 * A policy bundle the broker will not activate: unsigned, signed by another key, a file
 * changed, added or missing, malformed, or unloadable. The active policy stays.
 */
export class PolicyBundleRefusedError extends BrokerError {
  declare readonly code: PolicyBundleRefusalCode;

  constructor(code: PolicyBundleRefusalCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** The bundle's directory or server could not be read; the active policy stays. */
export class PolicyBundleUnreachableError extends BrokerError {
  declare readonly code: 'POLICY_BUNDLE_UNREACHABLE';

  constructor(message: string, options?: ErrorOptions) {
    super('POLICY_BUNDLE_UNREACHABLE', message, options);
  }
}

/** A setting read from the environment is missing or malformed. */
export class ConfigInvalidError extends BrokerError {
  declare readonly code: 'CONFIG_INVALID';

  constructor(message: string, options?: ErrorOptions) {
    super('CONFIG_INVALID', message, options);
  }
}

/** The case's phase does not allow the action; `allowed` names what it does allow. */
export class CaseTransitionError extends BrokerError {
  declare readonly code: 'CASE_TRANSITION_INVALID';
  readonly phase: string;
  readonly action: string;
  readonly allowed: readonly string[];

  constructor(phase: string, action: string, allowed: readonly string[], detail?: string) {
    const allowedText = allowed.length > 0 ? allowed.join(', ') : 'none';
    super(
      'CASE_TRANSITION_INVALID',
      `${action} is not allowed in phase ${phase}${detail ? ` (${detail})` : ''}; allowed: ${allowedText}`,
    );
    this.phase = phase;
    this.action = action;
    this.allowed = allowed;
  }
}

/** The actor does not hold the role in the case that the action needs. */
export class CaseRoleRequiredError extends BrokerError {
  declare readonly code: 'CASE_ROLE_REQUIRED';

  constructor(role: string, action: string) {
    super('CASE_ROLE_REQUIRED', `${action} needs the ${role} of the case`);
  }
}

/** The organisation is not (or no longer) a partner of the network. */
export class PartnerUnknownError extends BrokerError {
  declare readonly code: 'PARTNER_UNKNOWN';

  constructor(organisation: string, network: string) {
    super('PARTNER_UNKNOWN', `${organisation} is not a partner of network ${network}`);
  }
}

/** Already decided, already withdrawn, a duplicate, or changed concurrently. */
export class RecordConflictError extends BrokerError {
  declare readonly code: 'RECORD_CONFLICT';

  constructor(message: string) {
    super('RECORD_CONFLICT', message);
  }
}

/** The connection carries no verified client certificate (or none reached the broker). */
export class ClientCertificateRequiredError extends BrokerError {
  declare readonly code: 'CLIENT_CERT_REQUIRED';

  constructor(reason: string) {
    super('CLIENT_CERT_REQUIRED', 'a client certificate of the network is required', {
      cause: reason,
    });
  }
}

/** No `ZVH-Assertion` header. */
export class AssertionMissingError extends BrokerError {
  declare readonly code: 'ASSERTION_MISSING';

  constructor() {
    super('ASSERTION_MISSING', 'the ZVH-Assertion header is required');
  }
}

/** Not a JWT of the agreed type, algorithm and claims. */
export class AssertionMalformedError extends BrokerError {
  declare readonly code: 'ASSERTION_MALFORMED';

  constructor(reason: string) {
    super('ASSERTION_MALFORMED', 'the user assertion is malformed', { cause: reason });
  }
}

/** Not signed by the key of the client certificate. */
export class AssertionSignatureError extends BrokerError {
  declare readonly code: 'ASSERTION_INVALID_SIGNATURE';

  constructor() {
    super('ASSERTION_INVALID_SIGNATURE', 'the user assertion signature is invalid');
  }
}

export class AssertionAudienceError extends BrokerError {
  declare readonly code: 'ASSERTION_WRONG_AUDIENCE';

  constructor() {
    super('ASSERTION_WRONG_AUDIENCE', 'the user assertion is not meant for this broker');
  }
}

export class AssertionExpiredError extends BrokerError {
  declare readonly code: 'ASSERTION_EXPIRED';

  constructor() {
    super('ASSERTION_EXPIRED', 'the user assertion has expired');
  }
}

/** `exp` lies more than the allowed lifetime after `iat`. */
export class AssertionLifetimeError extends BrokerError {
  declare readonly code: 'ASSERTION_LIFETIME_TOO_LONG';

  constructor(maxSeconds: number) {
    super('ASSERTION_LIFETIME_TOO_LONG', `exp may be at most ${maxSeconds} seconds after iat`);
  }
}

/** `iss` is not the organisation in the client certificate. */
export class AssertionIssuerError extends BrokerError {
  declare readonly code: 'ASSERTION_ISSUER_MISMATCH';

  constructor() {
    super('ASSERTION_ISSUER_MISMATCH', 'iss must be the organisation of the client certificate');
  }
}

/** `cnf.x5t#S256` does not name the certificate of this connection (RFC 8705). */
export class AssertionBindingError extends BrokerError {
  declare readonly code: 'ASSERTION_CERT_BINDING_MISMATCH';

  constructor() {
    super(
      'ASSERTION_CERT_BINDING_MISMATCH',
      'cnf.x5t#S256 must be the thumbprint of the client certificate',
    );
  }
}

/** The `jti` was seen before within its lifetime. */
export class AssertionReplayedError extends BrokerError {
  declare readonly code: 'ASSERTION_REPLAYED';

  constructor() {
    super('ASSERTION_REPLAYED', 'the user assertion was already used');
  }
}

/** The replay cache is at capacity; refusing is the only safe answer. */
export class ReplayCacheFullError extends BrokerError {
  declare readonly code: 'REPLAY_CACHE_FULL';

  constructor() {
    super('REPLAY_CACHE_FULL', 'too many assertions in flight');
  }
}

/**
 * The database refused to record an assertion's use (a full disk, an I/O error): without
 * that record the assertion could be replayed, so the request is refused. The cause goes
 * to the log only.
 */
export class ReplayCacheUnavailableError extends BrokerError {
  declare readonly code: 'REPLAY_CACHE_UNAVAILABLE';

  constructor(options?: ErrorOptions) {
    super('REPLAY_CACHE_UNAVAILABLE', "the broker cannot record the assertion's use", options);
  }
}

/**
 * The audit trail could not commit an entry. Nothing may be released without a durable
 * entry, so the caller denies; the cause (a database error) goes to the log only. The
 * message names the cause ("database or disk is full (SQLITE_FULL)"), so that every log
 * line about a failed append says what the operator has to fix.
 */
export class AuditWriteFailedError extends BrokerError {
  declare readonly code: 'AUDIT_WRITE_FAILED';

  constructor(options?: ErrorOptions) {
    super(
      'AUDIT_WRITE_FAILED',
      `the audit trail could not record the entry: ${describeCause(options?.cause)}`,
      options,
    );
  }
}

/** A database error's message with its driver code (SQLite's `SQLITE_FULL`, PostgreSQL's `53100`). */
export function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? `${cause.message} (${code})` : cause.message;
}

/** The push's Idempotency-Key was used before with another case or body. */
export class IdempotencyKeyReusedError extends BrokerError {
  declare readonly code: 'IDEMPOTENCY_KEY_REUSED';

  constructor() {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was used for another request; use a new key for a new push',
    );
  }
}

/** A push with the same Idempotency-Key is still under way. */
export class IdempotencyKeyInUseError extends BrokerError {
  declare readonly code: 'IDEMPOTENCY_KEY_IN_USE';

  constructor() {
    super(
      'IDEMPOTENCY_KEY_IN_USE',
      'a push with this Idempotency-Key is still under way; retry once it has been answered',
    );
  }
}

/** The audit routes answer a privacy officer only; `network` when only the network's will do. */
export class PrivacyOfficerRequiredError extends BrokerError {
  declare readonly code: 'PRIVACY_OFFICER_REQUIRED' | 'NETWORK_PRIVACY_OFFICER_REQUIRED';

  constructor(action: string, which: 'any' | 'network') {
    super(
      which === 'network' ? 'NETWORK_PRIVACY_OFFICER_REQUIRED' : 'PRIVACY_OFFICER_REQUIRED',
      which === 'network'
        ? `${action} needs the privacy officer of the network's coordinating organisation`
        : `${action} needs the role privacy_officer`,
    );
  }
}

/** The organisation has been refused too often of late; it may try again in `seconds`. */
export class RefusalsThrottledError extends BrokerError {
  declare readonly code: 'REFUSALS_THROTTLED';

  constructor(seconds: number) {
    super(
      'REFUSALS_THROTTLED',
      `too many refused requests from this organisation; try again in ${seconds} s`,
    );
  }
}

/** An action of the joint plan names an organisation that does not take part in the case. */
export class CaseParticipantRequiredError extends BrokerError {
  declare readonly code: 'CASE_PARTICIPANT_REQUIRED';

  constructor(organisation: string) {
    super(
      'CASE_PARTICIPANT_REQUIRED',
      `${organisation} does not take part in the case; the process director adds it first`,
    );
  }
}

/**
 * A formal request for reuse names an exchange in which the requester did not receive
 * the requested categories from the provider: an unknown id, another organisation's or
 * another provider's exchange, or one that released none of them. The detail does not
 * say which, so that it tells nobody about exchanges that are not theirs.
 */
export class ExchangeNotReceivedError extends BrokerError {
  declare readonly code: 'EXCHANGE_NOT_RECEIVED';

  constructor(detail: string) {
    super('EXCHANGE_NOT_RECEIVED', detail);
  }
}
