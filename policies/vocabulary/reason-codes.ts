import { z } from 'zod';

/**
 * Reason codes the Rego policy declares in its METADATA (`custom.code`); a test keeps
 * this list and the policy's declarations equal.
 */
export const POLICY_REASON_CODES = [
  'INPUT_INVALID',
  'NETWORK_UNKNOWN',
  'COVENANT_NOT_IN_FORCE',
  'PARTNER_NOT_SIGNATORY',
  'PURPOSE_UNKNOWN',
  'PURPOSE_PHASE_MISMATCH',
  'PURPOSE_DOMAIN_NOT_PERMITTED',
  'NOT_CASE_PARTICIPANT',
  'ASKING_OBJECTED',
  'ASKING_GROUND_MISSING',
  'ROLE_NOT_PERMITTED',
  'RETENTION_EXPIRED',
  'PROVIDER_DOMAIN_NOT_PERMITTED',
  'SHADOW_REVIEW_DUE',
  'CATEGORY_UNKNOWN',
  'CATEGORY_DISPROPORTIONATE',
  'DOMAIN_NOT_PERMITTED',
  'SPECIAL_CATEGORY_NO_BASIS',
  'PERSONAL_DATA_WITHOUT_PERSON',
  'CONSENT_MISSING',
  'CONSENT_WITHDRAWN',
  'CONSENT_GIVEN_UNDER_AGE',
  'CONSENT_OBJECTED',
  'EXCEPTION_EXPIRED',
  'EXCEPTION_REVOKED',
  'EXCEPTION_REASON_CANNOT_OVERRIDE',
  'EXCEPTION_SUSPENDED_BY_OBJECTION',
  'EXCEPTION_SELF_APPROVED',
  'EXCEPTION_TERM_TOO_LONG',
  'EXCEPTION_PROVIDER_REFUSED',
  'EXCEPTION_PROVIDER_APPROVAL_MISSING',
  'FORMAL_REQUEST_REQUIRED',
  'FORMAL_REQUEST_EXPIRED',
  'FORMAL_REQUEST_REFUSED',
] as const;

/** Reasons the engine gives when it cannot get a decision from the policy: it fails closed. */
export const ENGINE_REASON_CODES = [
  'POLICY_UNAVAILABLE',
  'POLICY_EVALUATION_FAILED',
  'POLICY_RESULT_INVALID',
] as const;

/** Reasons an exchange the policy allowed still released nothing to a provider or recipient. */
export const EXCHANGE_REASON_CODES = [
  /** The provider's adapter gave no usable answer in time. */
  'ADAPTER_UNAVAILABLE',
  /** The recipient's adapter refused a pushed message for good. */
  'ADAPTER_REJECTED',
  /** The audit entry could not be made durable, so nothing was released. */
  'AUDIT_WRITE_FAILED',
  /** Every field of the push was one the policy does not permit to that recipient. */
  'NO_PERMITTED_FIELDS',
  /** The recipient runs no adapter the broker could deliver to. */
  'RECIPIENT_HAS_NO_ADAPTER',
  /** The case or person was deleted (retention) while the message waited. */
  'CASE_DATA_GONE',
  /** Deciding again before delivery, the policy leaves out a field it permitted at queueing. */
  'DECISION_CHANGED',
  /**
   * The broker failed on this provider's or recipient's part of the exchange (an answer it
   * could not process, an internal error): nothing was released, the others went on.
   */
  'EXCHANGE_FAILED',
] as const;

export const REASON_CODES = [
  ...POLICY_REASON_CODES,
  ...ENGINE_REASON_CODES,
  ...EXCHANGE_REASON_CODES,
] as const;

export const policyReasonCodeSchema = z.enum(POLICY_REASON_CODES);
export const reasonCodeSchema = z.enum(REASON_CODES);

export type PolicyReasonCode = (typeof POLICY_REASON_CODES)[number];
export type EngineReasonCode = (typeof ENGINE_REASON_CODES)[number];
export type ExchangeReasonCode = (typeof EXCHANGE_REASON_CODES)[number];
export type ReasonCode = z.infer<typeof reasonCodeSchema>;
