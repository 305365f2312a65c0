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

/** The witness already holds a checkpoint of a longer trail: an older one is never taken back. */
export class CheckpointStaleError extends AdapterError {
  declare readonly code: 'CHECKPOINT_STALE';

  constructor(heldSize: number, offeredSize: number) {
    super(
      'CHECKPOINT_STALE',
      `the witness holds a checkpoint at size ${heldSize}, later than the offered ${offeredSize}`,
    );
  }
}

/** Same size with another head, or another log's origin: the two cannot both be true. */
export class CheckpointInconsistentError extends AdapterError {
  declare readonly code: 'CHECKPOINT_INCONSISTENT';

  constructor(problem: string) {
    super('CHECKPOINT_INCONSISTENT', `the checkpoint contradicts the one held: ${problem}`);
  }
}

/** The adapter knows the broker's checkpoint key, and this note is not signed by it. */
export class CheckpointSignatureInvalidError extends AdapterError {
  declare readonly code: 'CHECKPOINT_SIGNATURE_INVALID';

  constructor() {
    super('CHECKPOINT_SIGNATURE_INVALID', "the checkpoint is not signed by the broker's key");
  }
}
