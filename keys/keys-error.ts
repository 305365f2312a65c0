export type KeysErrorCode =
  | 'USAGE'
  | 'NETWORK_EXISTS'
  | 'NETWORK_MISSING'
  | 'CERTIFICATE_EXISTS'
  | 'CERTIFICATE_MISSING'
  | 'SERIAL_UNKNOWN'
  | 'KEY_EXISTS';

/**
 * A refusal of the key tool with a stable code; the CLI prints its message on one line.
 *
 * @example
 * if (error instanceof KeysError && error.code === 'NETWORK_MISSING') createFirst();
 */
export class KeysError extends Error {
  readonly code: KeysErrorCode;

  constructor(code: KeysErrorCode, message: string) {
    super(message);
    this.name = 'KeysError';
    this.code = code;
  }
}
