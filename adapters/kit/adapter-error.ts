import type { AdapterErrorCode } from '../contract/adapter-error-codes.ts';
import { CodedError } from '../contract/coded-error.ts';

/**
 * Base of the errors only an adapter raises; the edge errors it shares with the broker
 * (invalid request, not found, certificate not accepted) are the wire contract's.
 *
 * @example
 * if (error instanceof AdapterError && error.code === 'SOURCE_UNAVAILABLE') retryLater();
 */
export class AdapterError extends CodedError<AdapterErrorCode> {}

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
