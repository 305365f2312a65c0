import type { AuditRecord } from '../../broker/audit/trail/audit-record.ts';
import type { StoreContext } from './databases.ts';

/** The requests' traces as the broker recorded them: caller's trace, broker's span. */
export const PULL_TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
export const PUSH_TRACE = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';

export const PERSON_A = 'pseudonym-person-a';
export const PERSON_B = 'pseudonym-person-b';

/**
 * The period the tests export: the day of the scripted exchanges, days after the store
 * was seeded (whose entries it leaves out).
 */
export const PERIOD = {
  network: 'bonaire',
  from: new Date('2026-03-05T00:00:00.000Z'),
  to: new Date('2026-03-06T00:00:00.000Z'),
};

const pull: AuditRecord = {
  type: 'exchange.pull',
  network: 'bonaire',
  requester: { organisation: 'jeugdzorg-cn', user: 'jeugdwerker-4' },
  recipient: 'jeugdzorg-cn',
  caseId: 'case-1',
  personPseudonym: PERSON_A,
  purpose: 'case_meeting',
  requestId: 'request-pull',
  traceparent: PULL_TRACE,
};

/** Entry and what the export must make of it, in the order appended. */
export interface ScriptedEntry {
  readonly record: AuditRecord;
  /** The OTLP status code its span has; undefined: not exported as a span. */
  readonly status: 0 | 1 | 2 | undefined;
  /** Appended on the previous day, outside the period. */
  readonly before?: boolean;
}

/**
 * One pull about person A from three providers (released, denied, adapter down), a push
 * about person B and one about the case alone, their delivery and a rejection (recorded
 * without a trace), and
 * entries an LDV export leaves out: a refused request, another network's exchange, and
 * an exchange of the day before.
 */
export const SCRIPT: readonly ScriptedEntry[] = [
  {
    before: true,
    status: undefined,
    record: { ...pull, provider: 'politie-cn', exchangeId: 'exchange-yesterday' },
  },
  {
    status: 1,
    record: {
      ...pull,
      provider: 'politie-cn',
      exchangeId: 'exchange-pull-police',
      requestedCategories: ['police_incidents', 'police_reports'],
      categories: ['police_incidents'],
      fields: ['police_incidents.incident_date'],
      decision: 'allow',
      categoryReasons: [{ category: 'police_reports', code: 'CATEGORY_DISPROPORTIONATE' }],
    },
  },
  {
    status: 0,
    record: {
      ...pull,
      provider: 'mhc',
      exchangeId: 'exchange-pull-mhc',
      requestedCategories: ['mental_health_treatment'],
      categories: [],
      decision: 'deny',
      categoryReasons: [{ category: 'mental_health_treatment', code: 'CONSENT_MISSING' }],
    },
  },
  {
    status: 2,
    record: {
      ...pull,
      provider: 'reclassering-cn',
      exchangeId: 'exchange-pull-probation',
      requestedCategories: ['probation_supervision'],
      categories: [],
      decision: 'allow',
      reasons: ['ADAPTER_UNAVAILABLE'],
    },
  },
  {
    status: 1,
    record: {
      type: 'exchange.push',
      network: 'bonaire',
      requester: { organisation: 'politie-cn', user: 'agent-17' },
      provider: 'politie-cn',
      recipient: 'jeugdzorg-cn',
      caseId: 'case-1',
      personPseudonym: PERSON_B,
      purpose: 'case_meeting',
      requestedCategories: ['police_incidents'],
      categories: ['police_incidents'],
      fields: ['police_incidents.incident_type'],
      decision: 'allow',
      exchangeId: 'exchange-push-person',
      traceparent: PUSH_TRACE,
    },
  },
  {
    status: 1,
    record: {
      type: 'exchange.push',
      network: 'bonaire',
      requester: { organisation: 'politie-cn', user: 'agent-17' },
      provider: 'politie-cn',
      recipient: 'mhc',
      caseId: 'case-1',
      purpose: 'case_meeting',
      requestedCategories: ['action_status'],
      categories: ['action_status'],
      fields: ['action_status.action'],
      decision: 'allow',
      exchangeId: 'exchange-push-case',
      traceparent: PUSH_TRACE,
    },
  },
  {
    status: 1,
    record: {
      type: 'exchange.push.delivered',
      network: 'bonaire',
      requester: { organisation: 'politie-cn', user: 'agent-17' },
      provider: 'politie-cn',
      recipient: 'jeugdzorg-cn',
      caseId: 'case-1',
      personPseudonym: PERSON_B,
      purpose: 'case_meeting',
      requestedCategories: ['police_incidents'],
      categories: ['police_incidents'],
      decision: 'allow',
      exchangeId: 'exchange-push-person',
      traceparent: PUSH_TRACE,
    },
  },
  {
    status: 2,
    record: {
      type: 'exchange.push.rejected',
      network: 'bonaire',
      requester: { organisation: 'politie-cn', user: 'agent-17' },
      provider: 'politie-cn',
      recipient: 'mhc',
      caseId: 'case-1',
      purpose: 'case_meeting',
      requestedCategories: ['action_status'],
      categories: ['action_status'],
      decision: 'allow',
      reasons: ['ADAPTER_REJECTED'],
      exchangeId: 'exchange-push-case',
      // As an entry written before requests were traced: no traceparent.
    },
  },
  {
    status: undefined,
    record: {
      type: 'access.refused',
      network: 'bonaire',
      requester: { organisation: 'sgb', user: 'mentor-2' },
      caseId: 'case-1',
      reasons: [],
      details: { code: 'NOT_FOUND', method: 'GET', route: '/v1/cases/{caseId}' },
      traceparent: '00-11111111111111111111111111111111-2222222222222222-01',
    },
  },
  {
    status: undefined,
    record: { ...pull, network: 'elsewhere', provider: 'politie-cn' },
  },
];

/**
 * Appends the script through the store, a minute apart, the first entry on the day
 * before the period. Resolves with each entry's chain position and hash, in order.
 */
export async function appendScript(
  ctx: StoreContext,
): Promise<{ seq: number; hash: string; entry: ScriptedEntry }[]> {
  const appended = [];
  for (const entry of SCRIPT) {
    ctx.clock.set(entry.before ? '2026-03-04T23:59:00.000Z' : '2026-03-05T09:00:00.000Z');
    ctx.clock.advanceMinutes(appended.length);
    appended.push({ ...(await ctx.store.audit.append(entry.record)), entry });
  }
  return appended;
}
