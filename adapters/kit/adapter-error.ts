import type { AdapterErrorCode } from '../contract/adapter-error-codes.ts';

/**
 * Base of every error the adapter raises on purpose. `code` is stable; `message` is for
 * operators and may change.
 *
 * @example
 * if (error instanceof AdapterError && error.code === 'SOURCE_UNAVAILABLE') retryLater();
 */
export class AdapterError extends Error {
  readonly code: AdapterErrorCode;

  constructor(code: AdapterErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The request did not pass validation; `issues` name rules, never the offending values. */
export class RequestInvalidError extends AdapterError {
  declare readonly code: 'REQUEST_INVALID';
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[] = []) {
    super('REQUEST_INVALID', message);
    this.issues = issues;
  }
}

/** Refused before it is parsed: no pull or push needs more than `maxBytes`. */
export class RequestTooLargeError extends AdapterError {
  declare readonly code: 'REQUEST_TOO_LARGE';

  constructor(maxBytes: number) {
    super('REQUEST_TOO_LARGE', `the body may be at most ${maxBytes} bytes`);
  }
}

/** A kept-alive connection whose certificate was revoked after its handshake. */
export class ClientCertificateInvalidError extends AdapterError {
  declare readonly code: 'CLIENT_CERT_INVALID';

  constructor(reason: string) {
    super('CLIENT_CERT_INVALID', 'the client certificate is not accepted', { cause: reason });
  }
}

export class NotFoundError extends AdapterError {
  declare readonly code: 'NOT_FOUND';

  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

/** The partner's own system failed; the cause goes to the log, never to the caller. */
export class SourceUnavailableError extends AdapterError {
  declare readonly code: 'SOURCE_UNAVAILABLE';

  constructor(cause: unknown) {
    super('SOURCE_UNAVAILABLE', 'the partner system did not answer', { cause });
  }
}

/** The exposure manifest names a category or field the covenant does not know. */
export class ManifestInvalidError extends AdapterError {
  declare readonly code: 'MANIFEST_INVALID';

  constructor(problem: string) {
    super('MANIFEST_INVALID', `exposure manifest: ${problem}`);
  }
}

/** The adapter configuration file is missing a setting or has a malformed one. */
export class ConfigInvalidError extends AdapterError {
  declare readonly code: 'CONFIG_INVALID';

  constructor(problem: string, options?: ErrorOptions) {
    super('CONFIG_INVALID', `adapter configuration: ${problem}`, options);
  }
}
