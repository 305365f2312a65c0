/**
 * Every failure the broker reports has one of these codes. They are stable: partners'
 * systems switch on them, and the problem+json `type` of each is a docs anchor.
 */
export const ERROR_CODES = {
  POLICY_UNAVAILABLE: { status: 503, title: 'The exchange policy could not be loaded' },
  POLICY_EVALUATION_FAILED: { status: 500, title: 'The exchange policy failed to evaluate' },
  POLICY_RESULT_INVALID: {
    status: 500,
    title: 'The exchange policy returned an unexpected result',
  },
  CONFIG_INVALID: { status: 500, title: 'The broker configuration is invalid' },
  REQUEST_INVALID: { status: 400, title: 'The request is not valid' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type BrokerErrorCode = keyof typeof ERROR_CODES;

export function isBrokerErrorCode(value: string): value is BrokerErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
