import { CodedError } from '../../adapters/contract/coded-error.ts';
import type { AuditEventType, AuditRecord } from '../audit/trail/audit-record.ts';
import type { Logger } from '../log/logger.ts';
import type { BrokerStore } from '../store/broker-store.ts';

/** Who asked for an exchange, and where, as the route validated it. */
export interface ExchangeAsked {
  readonly requester: { readonly organisation: string; readonly user: string };
  readonly caseId: string;
  readonly purpose: string;
  readonly requestId: string;
  readonly traceparent: string;
}

/** The entry of an exchange that failed before any provider or recipient was asked. */
export function exchangeFailure(
  type: Extract<AuditEventType, 'exchange.pull' | 'exchange.push'>,
  network: string,
  asked: ExchangeAsked,
): AuditRecord {
  return {
    type,
    network,
    requester: { organisation: asked.requester.organisation, user: asked.requester.user },
    caseId: asked.caseId,
    purpose: asked.purpose,
    decision: 'deny',
    reasons: ['EXCHANGE_FAILED'],
    requestId: asked.requestId,
    traceparent: asked.traceparent,
  };
}

/**
 * Runs an exchange; an internal error (anything but a coded error, which is the caller's
 * or a refusal on purpose) is appended to the trail as `failure` before it goes on to
 * become a 500. The error's name is recorded, never its message: that may quote a value.
 */
export async function auditFailure<T>(
  deps: { readonly store: BrokerStore; readonly logger: Logger },
  failure: AuditRecord,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CodedError) throw error;
    await deps.store.audit
      .append({ ...failure, details: { error: errorName(error) } })
      .catch((appendError: unknown) =>
        deps.logger.error(
          { err: appendError, requestId: failure.requestId },
          'audit append of a failed exchange failed',
        ),
      );
    throw error;
  }
}

/** `RangeError`, `TypeError`, ...: what kind of failure, without its message. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
