import { type CodeEntry, EDGE_ERROR_CODES } from './problem.ts';

/**
 * Every failure an adapter reports has one of these codes. They are stable: the broker
 * switches on them, and the problem+json `type` of each is a docs anchor.
 */
export const ADAPTER_ERROR_CODES = {
  ...EDGE_ERROR_CODES,
  CHECKPOINT_STALE: {
    status: 409,
    title: 'The witness holds a checkpoint of a longer trail',
  },
  CHECKPOINT_INCONSISTENT: {
    status: 409,
    title: 'The checkpoint contradicts the one the witness holds',
  },
  CHECKPOINT_SIGNATURE_INVALID: {
    status: 422,
    title: "The checkpoint is not signed by the broker's checkpoint key",
  },
  SOURCE_UNAVAILABLE: { status: 502, title: 'The partner system did not answer' },
  MANIFEST_INVALID: { status: 500, title: 'The exposure manifest is invalid' },
  CONFIG_INVALID: { status: 500, title: 'The adapter configuration is invalid' },
} as const satisfies Record<string, CodeEntry>;

export type AdapterErrorCode = keyof typeof ADAPTER_ERROR_CODES;
