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
  CASE_TRANSITION_INVALID: {
    status: 409,
    title: 'The case cannot make this transition from its current phase',
  },
  CASE_ROLE_REQUIRED: { status: 403, title: 'The action needs another role in the case' },
  PARTNER_UNKNOWN: { status: 422, title: 'The organisation is not a partner of the network' },
  RECORD_CONFLICT: { status: 409, title: 'The record is not in a state that allows this' },
  REQUEST_INVALID: { status: 400, title: 'The request is not valid' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type BrokerErrorCode = keyof typeof ERROR_CODES;

export function isBrokerErrorCode(value: string): value is BrokerErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
