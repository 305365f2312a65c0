import {
  type Attributes,
  type SpanContext,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
  TraceFlags,
} from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ENGINE_REASON_CODES, type ReasonCode } from '../../../policies/vocabulary/reason-codes.ts';
import type { AuditEntryView } from '../search/audit-entry-view.ts';

/**
 * The attributes of the standard Logboek Dataverwerkingen (Logius), section "Component:
 * Logboek", `attributes`, namespace `dpl.core`.
 */
const LDV = {
  processingActivityId: 'dpl.core.processing_activity_id',
  dataSubjectId: 'dpl.core.data_subject_id',
  dataSubjectIdType: 'dpl.core.data_subject_id_type',
} as const;

/**
 * What `dpl.core.data_subject_id` holds: the broker's keyed pseudonym of the national
 * identifier (HMAC-SHA-256 under the key labelled "zvh-broker national-id pseudonym v1",
 * base64url). The standard asks for the type as a name or a URI; the identifier itself
 * never leaves the broker, as the standard recommends ("versleuteld").
 */
export const DATA_SUBJECT_ID_TYPE = 'urn:zvh-broker:national-id-pseudonym:v1';

/** The exchange entries an export maps; every other entry has no data subject to log. */
const LDV_EVENT_TYPES: ReadonlySet<string> = new Set([
  'exchange.pull',
  'exchange.push',
  'exchange.push.delivered',
  'exchange.push.rejected',
]);

/**
 * Codes of a failure inside the systems that carry out the exchange: the standard's
 * `Error` ("fouten die zijn ontstaan binnen het systeem dat de dataverwerking uitvoert").
 * A denial by the covenant's rules is handled as it should be, so it is not one.
 */
const FAILURE_CODES: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  ...ENGINE_REASON_CODES,
  'ADAPTER_UNAVAILABLE',
  'ADAPTER_REJECTED',
  'AUDIT_WRITE_FAILED',
  'EXCHANGE_FAILED',
  'RECIPIENT_HAS_NO_ADAPTER',
]);

export const DEFAULT_SPANS_PER_DOCUMENT = 1000;
export const MAX_SPANS_PER_DOCUMENT = 10_000;

export interface LdvExportOptions {
  /** `service.name` of the resource; the broker's name by default. */
  readonly serviceName?: string;
  readonly serviceVersion?: string;
  /** Spans per OTLP document: one document is one request body for a collector. */
  readonly spansPerDocument?: number;
  /**
   * The processing activity of a purpose, as a URI into the register of processing
   * activities. Without a register the default names the covenant's purpose as a URN.
   */
  readonly processingActivityId?: (network: string, purpose: string) => string;
}

/**
 * `urn:zvh-broker:<network>:purpose:<purpose>`: stable as long as the covenant names the
 * purpose the same, which is what a register entry would be keyed by too.
 */
export function purposeUrn(network: string, purpose: string): string {
  return `urn:zvh-broker:${encodeURIComponent(network)}:purpose:${encodeURIComponent(purpose)}`;
}

const SCOPE = { name: 'zvh-broker.audit.ldv-export', version: '1' };
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The exchange entries as the standard's log lines, in the OTLP JSON encoding: documents
 * of at most `spansPerDocument` spans, each an `ExportTraceServiceRequest` that an OTLP/HTTP
 * receiver takes as one request body (`POST /v1/traces`, `application/json`). Other
 * entries are left out; no entries, no document.
 *
 * @example
 * for await (const body of ldvDocuments(periodEntries(db, query))) await post(body);
 */
export async function* ldvDocuments(
  entries: AsyncIterable<AuditEntryView>,
  options: LdvExportOptions = {},
): AsyncGenerator<string> {
  const perDocument = options.spansPerDocument ?? DEFAULT_SPANS_PER_DOCUMENT;
  if (!Number.isInteger(perDocument) || perDocument < 1 || perDocument > MAX_SPANS_PER_DOCUMENT) {
    throw new TypeError(`spansPerDocument must be an integer from 1 to ${MAX_SPANS_PER_DOCUMENT}`);
  }
  const resources = new ResourcePerNetwork(options);
  let spans: ReadableSpan[] = [];
  for await (const entry of entries) {
    if (!LDV_EVENT_TYPES.has(entry.type)) continue;
    spans.push(ldvSpan(entry, resources.of(entry.network), options));
    if (spans.length === perDocument) {
      yield serialise(spans);
      spans = [];
    }
  }
  if (spans.length > 0) yield serialise(spans);
}

/**
 * The same documents as a JSON Lines file, one document a line: the OpenTelemetry file
 * exporter's format (`.jsonl`), which the Collector's `otlpjsonfile` receiver reads and
 * whose every line can be posted to an OTLP/HTTP endpoint as it is.
 */
export async function* ldvJsonLines(
  entries: AsyncIterable<AuditEntryView>,
  options: LdvExportOptions = {},
): AsyncGenerator<string> {
  for await (const document of ldvDocuments(entries, options)) yield `${document}\n`;
}

/**
 * One exchange entry as one span. An entry is about at most one person, so a span names
 * at most one data subject, as the standard requires ("Een logregel kan naar 0 of 1
 * Betrokkenen verwijzen"); a push about the case and no person is a span without one.
 *
 * Ids: the trace is the one recorded with the entry; the recorded span is the broker's
 * span of the request, so it is the parent, and the entry's span id is the first 16 hex
 * digits of the entry's chain hash, unique per entry, the same in every export and
 * checkable against the trail. An entry without a valid `traceparent` takes the first 32
 * hex digits of its hash as trace id and has no parent.
 *
 * Time: an entry records one moment, when its outcome was known; it is start and end.
 */
export function ldvSpan(
  entry: AuditEntryView,
  resource: Resource,
  options: Pick<LdvExportOptions, 'processingActivityId'> = {},
): ReadableSpan {
  const recorded = TRACEPARENT.exec(entry.traceparent ?? '');
  const traceFlags = recorded ? Number.parseInt(recorded[4] as string, 16) : TraceFlags.SAMPLED;
  const traceId = recorded?.[2] ?? entry.hash.slice(0, 32);
  const context: SpanContext = { traceId, spanId: entry.hash.slice(0, 16), traceFlags };
  const at = millisToHrTime(Date.parse(entry.at));
  return {
    name: entry.type,
    kind: SpanKind.INTERNAL,
    spanContext: () => context,
    ...(recorded === null
      ? {}
      : { parentSpanContext: { traceId, spanId: recorded[3] as string, traceFlags } }),
    startTime: at,
    endTime: at,
    duration: [0, 0],
    ended: true,
    status: statusOf(entry),
    attributes: attributesOf(entry, options.processingActivityId ?? purposeUrn),
    links: [],
    events: [],
    resource,
    instrumentationScope: SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/**
 * The standard's statuses: `Error` for a failure in the systems carrying the exchange out,
 * `Ok` for a release (the standard lets an implementation mark success explicitly), and
 * `Unset` for an exchange the rules denied, which was handled without fault ("hoort dus
 * status Unset te krijgen"). The decision and its codes are attributes either way.
 */
function statusOf(entry: AuditEntryView): SpanStatus {
  const failures = [...new Set(entry.reasons.map((r) => r.code))].filter((code) =>
    FAILURE_CODES.has(code),
  );
  if (failures.length > 0) return { code: SpanStatusCode.ERROR, message: failures.join(',') };
  return entry.decision === 'allow' ? { code: SpanStatusCode.OK } : { code: SpanStatusCode.UNSET };
}

/**
 * The standard's `dpl.core` attributes, the error type of its section on errors, and the
 * exchange's parties and category names under `zvh.` (the standard reserves `dpl.` for
 * itself and its adopted extensions). No user: the standard keeps users out of log lines;
 * `zvh.audit.seq` leads to the audit entry that names them.
 */
function attributesOf(
  entry: AuditEntryView,
  processingActivityId: (network: string, purpose: string) => string,
): Attributes {
  const attributes: Attributes = {};
  if (entry.purpose !== null) {
    attributes[LDV.processingActivityId] = processingActivityId(entry.network, entry.purpose);
  }
  if (entry.personPseudonym !== null) {
    attributes[LDV.dataSubjectId] = entry.personPseudonym;
    attributes[LDV.dataSubjectIdType] = DATA_SUBJECT_ID_TYPE;
  }
  const failure = entry.reasons.find((r) => FAILURE_CODES.has(r.code));
  if (failure !== undefined) attributes['exception.type'] = failure.code;
  const optional: Record<string, string | null | undefined> = {
    'zvh.exchange.id': entry.exchangeId,
    'zvh.exchange.purpose': entry.purpose,
    'zvh.exchange.decision': entry.decision,
    'zvh.exchange.requester': entry.requester?.organisation,
    'zvh.exchange.provider': entry.provider,
    'zvh.exchange.recipient': entry.recipient,
    'zvh.case.id': entry.caseId,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null && value !== undefined) attributes[key] = value;
  }
  if (entry.requestedCategories !== null) {
    attributes['zvh.exchange.categories.requested'] = [...entry.requestedCategories];
  }
  attributes['zvh.exchange.categories.released'] = [...entry.releasedCategories];
  attributes['zvh.exchange.categories.withheld'] = entry.outcomes
    .filter((o) => o.outcome === 'withheld')
    .map((o) => o.category);
  attributes['zvh.exchange.reason_codes'] = [...new Set(entry.reasons.map((r) => r.code))];
  attributes['zvh.audit.seq'] = entry.seq;
  return attributes;
}

/** One resource object per network: the serializer groups spans by resource identity. */
class ResourcePerNetwork {
  readonly #options: LdvExportOptions;
  readonly #resources = new Map<string, Resource>();

  constructor(options: LdvExportOptions) {
    this.#options = options;
  }

  of(network: string): Resource {
    let resource = this.#resources.get(network);
    if (resource === undefined) {
      resource = resourceFromAttributes({
        'service.name': this.#options.serviceName ?? 'zvh-broker',
        ...(this.#options.serviceVersion === undefined
          ? {}
          : { 'service.version': this.#options.serviceVersion }),
        'zvh.network': network,
      });
      this.#resources.set(network, resource);
    }
    return resource;
  }
}

const UTF8 = new TextDecoder();

function serialise(spans: readonly ReadableSpan[]): string {
  const body = JsonTraceSerializer.serializeRequest([...spans]);
  if (body === undefined) throw new Error('the OTLP JSON serializer produced no document');
  return UTF8.decode(body);
}
