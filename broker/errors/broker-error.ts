import type { BrokerErrorCode } from './error-codes.ts';

/**
 * Base of every error the broker raises on purpose. `code` is stable; `message` is for
 * operators and may change. A caller's programming mistake stays a plain TypeError.
 *
 * @example
 * if (error instanceof BrokerError && error.code === 'POLICY_UNAVAILABLE') retryLater();
 */
export class BrokerError extends Error {
  readonly code: BrokerErrorCode;

  constructor(code: BrokerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

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

/** A setting read from the environment is missing or malformed. */
export class ConfigInvalidError extends BrokerError {
  declare readonly code: 'CONFIG_INVALID';

  constructor(message: string, options?: ErrorOptions) {
    super('CONFIG_INVALID', message, options);
  }
}

/**
 * A lookup found nothing. Also the answer for a case the caller may not see, so that a
 * denial and a missing case are indistinguishable.
 */
export class NotFoundError extends BrokerError {
  declare readonly code: 'NOT_FOUND';

  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
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

/** The request did not pass validation at the edge. */
export class RequestInvalidError extends BrokerError {
  declare readonly code: 'REQUEST_INVALID';
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[] = []) {
    super('REQUEST_INVALID', message);
    this.issues = issues;
  }
}
