import { z } from 'zod';
import {
  type EngineReasonCode,
  type PolicyReasonCode,
  policyReasonCodeSchema,
} from '../../policies/vocabulary/reason-codes.ts';

export type DenyReasonCode = PolicyReasonCode | EngineReasonCode;

const denyReasonSchema = z
  .object({
    code: policyReasonCodeSchema,
    category: z.string().optional(),
    party: z.enum(['recipient', 'provider']).optional(),
  })
  .strict();

const groundSchema = z.union([
  z
    .object({
      /** `case_process` (its id the case's) for an update about the case as a whole. */
      type: z.enum(['consent', 'exception', 'formal_request', 'case_process']),
      id: z.string(),
    })
    .strict(),
  z
    .object({
      /** A statute the covenant names (its id the basis's): consent was not asked. */
      type: z.literal('statutory'),
      id: z.string(),
      law: z.string(),
      /** Absent where the covenant names the law but no article. */
      article: z.string().optional(),
    })
    .strict(),
]);

const obligationSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('TAG_PURPOSE'), purpose: z.string() }).strict(),
  z.object({ code: z.literal('NO_REUSE_WITHOUT_FORMAL_REQUEST') }).strict(),
]);

/** The shape the Rego entrypoint `zvh/exchange/decision` must return. */
export const policyDecisionSchema = z
  .object({
    allow: z.boolean(),
    reasons: z.array(denyReasonSchema),
    permitted: z.record(z.string(), z.array(z.string())),
    grounds: z.record(z.string(), groundSchema),
    obligations: z.array(obligationSchema),
    covenant: z.string().nullable(),
  })
  .strict();

export type PolicyDecision = z.infer<typeof policyDecisionSchema>;
export type Ground = z.infer<typeof groundSchema>;
export type Obligation = z.infer<typeof obligationSchema>;

export interface DenyReason {
  readonly code: DenyReasonCode;
  readonly category?: string | undefined;
  readonly party?: 'recipient' | 'provider' | undefined;
}

/**
 * What the broker acts on. `allow` is true only when the policy allowed; `permitted`
 * names per category the only fields that may leave the broker. `revision` is the
 * policy bundle's revision, for the audit trail.
 */
export interface Decision {
  readonly allow: boolean;
  readonly reasons: readonly DenyReason[];
  readonly permitted: Readonly<Record<string, readonly string[]>>;
  readonly grounds: Readonly<Record<string, Ground>>;
  readonly obligations: readonly Obligation[];
  readonly covenant: string | null;
  readonly revision: string;
}

/** The decision of an engine that could not ask the policy: nothing may flow. */
export function failClosed(code: EngineReasonCode, revision: string): Decision {
  return {
    allow: false,
    reasons: [{ code }],
    permitted: {},
    grounds: {},
    obligations: [],
    covenant: null,
    revision,
  };
}
