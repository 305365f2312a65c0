/**
 * Every failure an adapter reports has one of these codes. They are stable: the broker
 * switches on them, and the problem+json `type` of each is a docs anchor.
 */
export const ADAPTER_ERROR_CODES = {
  REQUEST_INVALID: { status: 400, title: 'The request is not valid' },
  REQUEST_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  CLIENT_CERT_INVALID: { status: 403, title: 'The client certificate is not accepted' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  SOURCE_UNAVAILABLE: { status: 502, title: 'The partner system did not answer' },
  MANIFEST_INVALID: { status: 500, title: 'The exposure manifest is invalid' },
  CONFIG_INVALID: { status: 500, title: 'The adapter configuration is invalid' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type AdapterErrorCode = keyof typeof ADAPTER_ERROR_CODES;
