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

/** The request did not pass validation at the edge. */
export class RequestInvalidError extends BrokerError {
  declare readonly code: 'REQUEST_INVALID';
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[] = []) {
    super('REQUEST_INVALID', message);
    this.issues = issues;
  }
}
