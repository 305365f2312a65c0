import { randomBytes } from 'node:crypto';

export const TRACEPARENT_HEADER = 'traceparent';

/** One hop of a W3C trace (https://www.w3.org/TR/trace-context/#traceparent-header). */
export interface TraceContext {
  readonly traceId: string;
  /** This adapter's span: the parent of any call it makes to the partner system. */
  readonly spanId: string;
  readonly sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * Continues the caller's trace with a new span of our own, or starts a trace when the
 * header is missing or malformed, as the spec asks of a receiver.
 *
 * @example
 * const trace = continueTrace(request.headers.get('traceparent'));
 * fetch(url, { headers: { traceparent: formatTraceparent(trace) } });
 */
export function continueTrace(header: string | null | undefined): TraceContext {
  const match = TRACEPARENT.exec(header?.trim() ?? '');
  const [, version, traceId, parentId, flags] = match ?? [];
  const valid =
    version !== undefined &&
    version !== 'ff' &&
    traceId !== undefined &&
    traceId !== ZERO_TRACE &&
    parentId !== ZERO_SPAN &&
    flags !== undefined;
  if (!valid) {
    return { traceId: randomBytes(16).toString('hex'), spanId: newSpanId(), sampled: false };
  }
  return { traceId, spanId: newSpanId(), sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.sampled ? '01' : '00'}`;
}
