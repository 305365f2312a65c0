/** `issues` name the rules a request broke (`path: rule`), never the offending values. */
export interface CodedErrorOptions extends ErrorOptions {
  readonly issues?: readonly string[];
}

/**
 * Base of every error the broker or an adapter raises on purpose. `code` is stable and
 * names an entry of that side's code table; `message` is for operators and may change.
 * A caller's programming mistake stays a plain TypeError.
 *
 * @example
 * if (error instanceof CodedError && error.code === 'SOURCE_UNAVAILABLE') retryLater();
 */
export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly issues: readonly string[] | undefined;

  constructor(code: Code, message: string, options?: CodedErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.issues = options?.issues;
  }
}

/** The request did not pass validation at the edge; `issues` say which rules it broke. */
export class RequestInvalidError extends CodedError<'REQUEST_INVALID'> {
  constructor(message: string, issues: readonly string[] = []) {
    super('REQUEST_INVALID', message, { issues });
  }
}

/**
 * Refused before it is read in full: the body is longer than `maxBytes`, declared or sent.
 * The rest of it is never read, so the connection closes after the answer.
 */
export class RequestTooLargeError extends CodedError<'REQUEST_TOO_LARGE'> {
  constructor(maxBytes: number) {
    super('REQUEST_TOO_LARGE', `the body may be at most ${maxBytes} bytes`);
  }
}

/**
 * A lookup found nothing. On the broker also the answer for a case the caller may not
 * see, so that a denial and a missing case are indistinguishable.
 */
export class NotFoundError extends CodedError<'NOT_FOUND'> {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

/**
 * The client certificate is verified but not accepted here: revoked (also after the
 * handshake of a kept-alive connection), of the wrong kind, or without an organisation id.
 * `reason` goes to the log, never to the caller.
 */
export class ClientCertificateInvalidError extends CodedError<'CLIENT_CERT_INVALID'> {
  constructor(reason: string) {
    super('CLIENT_CERT_INVALID', 'the client certificate is not accepted', { cause: reason });
  }
}
