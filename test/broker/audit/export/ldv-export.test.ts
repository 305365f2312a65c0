import { expect, it } from 'vitest';
import { z } from 'zod';
import {
  DATA_SUBJECT_ID_TYPE,
  type LdvExportOptions,
  ldvJsonLines,
} from '../../../../broker/audit/export/ldv-export.ts';
import { type PeriodQuery, periodEntries } from '../../../../broker/audit/export/period-entries.ts';
import { withDatabase } from '../../../support/audit.ts';
import { describeOnEveryDatabase, type StoreContext } from '../../../support/databases.ts';
import { appendScript, PERIOD, PERSON_A, PERSON_B } from '../../../support/scripted-audit-trail.ts';

/**
 * The OTLP JSON encoding of an `ExportTraceServiceRequest` (opentelemetry-proto,
 * docs/specification.md "JSON Protobuf Encoding"): lowerCamelCase field names, ids as hex,
 * 64-bit times as decimal strings, enums as integers, attributes as KeyValue with one
 * AnyValue field set. Strict: a field the protocol does not know fails the parse.
 */
const hex = (digits: number) => z.string().regex(new RegExp(`^[0-9a-f]{${digits}}$`));
const nanos = z.string().regex(/^[1-9][0-9]*$/);
const count = z.number().int().nonnegative();
type AnyValue = { [field: string]: unknown };
const anyValue: z.ZodType<AnyValue> = z.lazy(() =>
  z.union([
    z.strictObject({ stringValue: z.string() }),
    z.strictObject({ boolValue: z.boolean() }),
    z.strictObject({ intValue: z.union([z.number().int(), z.string().regex(/^-?[0-9]+$/)]) }),
    z.strictObject({ doubleValue: z.number() }),
    z.strictObject({ bytesValue: z.base64() }),
    z.strictObject({ arrayValue: z.strictObject({ values: z.array(anyValue) }) }),
    z.strictObject({ kvlistValue: z.strictObject({ values: z.array(keyValue) }) }),
  ]),
);
const keyValue = z.strictObject({ key: z.string().min(1), value: anyValue });
const otlpSpan = z.strictObject({
  traceId: hex(32),
  spanId: hex(16),
  parentSpanId: hex(16).optional(),
  traceState: z.string().optional(),
  name: z.string().min(1),
  kind: z.number().int().min(0).max(5),
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes: z.array(keyValue),
  droppedAttributesCount: count,
  events: z.array(z.never()),
  droppedEventsCount: count,
  links: z.array(z.never()),
  droppedLinksCount: count,
  status: z.strictObject({ code: z.number().int().min(0).max(2), message: z.string().optional() }),
  flags: z.number().int().nonnegative(),
});
const exportTraceServiceRequest = z.strictObject({
  resourceSpans: z
    .array(
      z.strictObject({
        resource: z.strictObject({ attributes: z.array(keyValue), droppedAttributesCount: count }),
        scopeSpans: z
          .array(
            z.strictObject({
              scope: z.strictObject({ name: z.string().min(1), version: z.string().optional() }),
              spans: z.array(otlpSpan).min(1),
              schemaUrl: z.string().optional(),
            }),
          )
          .min(1),
        schemaUrl: z.string().optional(),
      }),
    )
    .min(1),
});
type OtlpSpan = z.infer<typeof otlpSpan>;
type ExportTraceServiceRequest = z.infer<typeof exportTraceServiceRequest>;

/** Attributes as a plain object; a key twice would be two values for one name. */
function attributesOf(keyValues: readonly { key: string; value: AnyValue }[]) {
  const keys = keyValues.map((kv) => kv.key);
  expect(new Set(keys).size).toBe(keys.length);
  return Object.fromEntries(keyValues.map(({ key, value }) => [key, plain(value)]));
}

function plain(value: AnyValue): unknown {
  if ('arrayValue' in value) {
    return (value.arrayValue as { values: AnyValue[] }).values.map(plain);
  }
  return Object.values(value)[0];
}

async function exportLines(
  ctx: StoreContext,
  query: PeriodQuery,
  options: LdvExportOptions = {},
): Promise<string> {
  return withDatabase(ctx.url, async (db) => {
    let text = '';
    for await (const line of ldvJsonLines(periodEntries(db, query, 2), options)) text += line;
    return text;
  });
}

function documentsOf(text: string): ExportTraceServiceRequest[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => exportTraceServiceRequest.parse(JSON.parse(line)));
}

function spansOf(documents: readonly ExportTraceServiceRequest[]): OtlpSpan[] {
  return documents.flatMap((d) =>
    d.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
  );
}

describeOnEveryDatabase('the Logboek Dataverwerkingen export', (ctx) => {
  it("gives each exchange of the period one OTLP span with the standard's attributes and the recorded trace", async () => {
    const appended = await appendScript(ctx);
    const text = await exportLines(ctx, PERIOD);
    const documents = documentsOf(text);
    const spans = spansOf(documents);

    const exported = appended.filter(({ entry }) => entry.status !== undefined && !entry.before);
    expect(spans).toHaveLength(exported.length);
    for (const { hash, entry } of exported) {
      const span = spans.find((s) => s.spanId === hash.slice(0, 16));
      expect(span, entry.record.type).toBeDefined();
      const recorded = entry.record.traceparent?.split('-');
      expect(span?.traceId).toBe(recorded?.[1] ?? hash.slice(0, 32));
      expect(span?.parentSpanId).toBe(recorded?.[2]);
      expect(span?.name).toBe(entry.record.type);
      expect(span?.status.code).toBe(entry.status);
      expect(span?.endTimeUnixNano).toBe(span?.startTimeUnixNano);
    }

    for (const span of spans) {
      expect(attributesOf(span.attributes)).toMatchObject({
        'dpl.core.processing_activity_id': 'urn:zvh-broker:bonaire:purpose:case_meeting',
      });
    }
    const subjects = spans.map((s) => attributesOf(s.attributes)['dpl.core.data_subject_id']);
    expect(subjects.filter((s) => s === PERSON_A)).toHaveLength(3);
    expect(subjects.filter((s) => s === PERSON_B)).toHaveLength(2);
    // The push about the case alone, queued and rejected, names no data subject.
    expect(subjects.filter((s) => s === undefined)).toHaveLength(2);
    for (const span of spans) {
      const attributes = attributesOf(span.attributes);
      if (attributes['dpl.core.data_subject_id'] === undefined) {
        expect(attributes).not.toHaveProperty('dpl.core.data_subject_id_type');
      } else {
        expect(attributes['dpl.core.data_subject_id_type']).toBe(DATA_SUBJECT_ID_TYPE);
      }
    }

    for (const document of documents) {
      for (const { resource } of document.resourceSpans) {
        expect(attributesOf(resource.attributes)).toEqual({
          'service.name': 'zvh-broker',
          'zvh.network': 'bonaire',
        });
      }
    }
    // Users stay out of log lines, as the standard decides.
    expect(text).not.toMatch(/jeugdwerker-4|agent-17/);
  });

  it('names the parties, categories and reason codes, and tells a denial from a failure', async () => {
    await appendScript(ctx);
    const spans = spansOf(documentsOf(await exportLines(ctx, PERIOD)));
    const byExchange = (id: string, name = 'exchange.pull') =>
      spans.find((s) => {
        const attributes = attributesOf(s.attributes);
        return attributes['zvh.exchange.id'] === id && s.name === name;
      });

    const released = byExchange('exchange-pull-police');
    expect(released?.status).toEqual({ code: 1 });
    expect(attributesOf(released?.attributes ?? [])).toMatchObject({
      'zvh.exchange.decision': 'allow',
      'zvh.exchange.requester': 'jeugdzorg-cn',
      'zvh.exchange.provider': 'politie-cn',
      'zvh.exchange.recipient': 'jeugdzorg-cn',
      'zvh.exchange.categories.requested': ['police_incidents', 'police_reports'],
      'zvh.exchange.categories.released': ['police_incidents'],
      'zvh.exchange.categories.withheld': ['police_reports'],
      'zvh.exchange.reason_codes': ['CATEGORY_DISPROPORTIONATE'],
    });

    // The covenant's rules denied it, and the broker handled that as it should: Unset.
    const denied = byExchange('exchange-pull-mhc');
    expect(denied?.status).toEqual({ code: 0 });
    expect(attributesOf(denied?.attributes ?? [])).toMatchObject({
      'zvh.exchange.decision': 'deny',
      'zvh.exchange.provider': 'mhc',
      'zvh.exchange.categories.released': [],
      'zvh.exchange.categories.withheld': ['mental_health_treatment'],
      'zvh.exchange.reason_codes': ['CONSENT_MISSING'],
    });
    expect(attributesOf(denied?.attributes ?? [])).not.toHaveProperty('exception.type');

    const failed = byExchange('exchange-pull-probation');
    expect(failed?.status).toEqual({ code: 2, message: 'ADAPTER_UNAVAILABLE' });
    expect(attributesOf(failed?.attributes ?? [])).toMatchObject({
      'exception.type': 'ADAPTER_UNAVAILABLE',
      'zvh.exchange.reason_codes': ['ADAPTER_UNAVAILABLE'],
    });

    const rejected = byExchange('exchange-push-case', 'exchange.push.rejected');
    expect(rejected?.status).toEqual({ code: 2, message: 'ADAPTER_REJECTED' });
    expect(rejected?.parentSpanId).toBeUndefined();
  });

  it('writes documents of at most the given number of spans, one a line', async () => {
    await appendScript(ctx);
    const documents = documentsOf(await exportLines(ctx, PERIOD, { spansPerDocument: 3 }));
    expect(documents.map((d) => spansOf([d]).length)).toEqual([3, 3, 1]);
  });

  it("exports an organisation's share: only the exchanges it took part in", async () => {
    await appendScript(ctx);
    const spans = spansOf(documentsOf(await exportLines(ctx, { ...PERIOD, organisation: 'mhc' })));
    expect(spans.map((s) => attributesOf(s.attributes)['zvh.exchange.id'])).toEqual([
      'exchange-pull-mhc',
      'exchange-push-case',
      'exchange-push-case',
    ]);
    expect(await exportLines(ctx, { ...PERIOD, organisation: 'sgb' })).toBe('');
  });

  it('points to a register of processing activities when given one', async () => {
    await appendScript(ctx);
    const spans = spansOf(
      documentsOf(
        await exportLines(ctx, PERIOD, {
          processingActivityId: (network, purpose) =>
            `https://register.example/${network}/verwerkingsactiviteiten/${purpose}`,
          serviceVersion: '0.1.0',
        }),
      ),
    );
    expect(attributesOf(spans[0]?.attributes ?? [])['dpl.core.processing_activity_id']).toBe(
      'https://register.example/bonaire/verwerkingsactiviteiten/case_meeting',
    );
  });
});
