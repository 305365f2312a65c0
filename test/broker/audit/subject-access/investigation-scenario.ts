import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '../../../../broker/audit/trail/audit-record.ts';
import {
  acceptedCase,
  NATIONAL_ID,
  NETWORK,
  POLICE,
  YOUTH_CARE,
} from '../../../support/case-fixtures.ts';
import type { StoreContext } from '../../../support/databases.ts';

export const EXPIRES_AT = '2026-06-01T00:00:00.000Z';
const OTHER_NATIONAL_ID = '123456782';

/** The seq of each entry the scenario appends, by what it is. */
export interface InvestigationScenario {
  readonly pseudonym: string;
  readonly otherPseudonym: string;
  readonly formalRequestId: string;
  readonly caseMeetingPull: number;
  readonly partlyAllowedPull: number;
  readonly investigationPull: number;
  readonly deniedInvestigationPull: number;
  readonly push: number;
  readonly delivery: number;
  readonly otherPersonPulls: readonly number[];
}

/**
 * Youth care's update to the case's partners, about the family as a whole (no person), as
 * the police received it before the meeting: the exchange their formal request refers to.
 * Not about the mother, so in no report of hers.
 */
async function youthCareUpdateToThePolice(ctx: StoreContext, caseId: string): Promise<string> {
  const exchangeId = randomUUID();
  const queued: AuditRecord = {
    type: 'exchange.push',
    network: NETWORK,
    at: new Date(ctx.clock.now().getTime() - 60 * 60_000),
    caseId,
    purpose: 'case_meeting',
    requester: { organisation: 'jeugdzorg-cn', user: 'jeugdwerker-4', role: 'case_director' },
    provider: 'jeugdzorg-cn',
    recipient: 'politie-cn',
    requestedCategories: ['youth_care_involvement', 'child_protection'],
    categories: ['youth_care_involvement', 'child_protection'],
    decision: 'allow',
    exchangeId,
  };
  await ctx.store.audit.append(queued);
  await ctx.store.audit.append({ ...queued, type: 'exchange.push.delivered' });
  return exchangeId;
}

/**
 * The mother is in two cases. Youth care and the public prosecutor pull about her for the
 * case meeting, the police push to her school in the second case, and the police, with an
 * approved formal request, pull youth care's data for a criminal investigation; their
 * attempt at the child and youth centre under the same purpose is denied. Her neighbour
 * is in the first case too, and the police pull about him as well.
 */
export async function investigationScenario(ctx: StoreContext): Promise<InvestigationScenario> {
  const { store, clock } = ctx;
  const caseA = await acceptedCase(store);
  const caseB = await acceptedCase(store);
  const mother = await store.persons.add(NETWORK, caseA, POLICE, {
    nationalId: NATIONAL_ID,
    ageBand: '24-54',
    gender: 'female',
  });
  const neighbour = await store.persons.add(NETWORK, caseA, POLICE, {
    nationalId: OTHER_NATIONAL_ID,
    ageBand: '24-54',
    gender: 'male',
  });
  await store.persons.add(NETWORK, caseB, POLICE, {
    nationalId: NATIONAL_ID,
    ageBand: '24-54',
    gender: 'female',
  });
  const caseUpdate = await youthCareUpdateToThePolice(ctx, caseA);
  const requested = await store.formalRequests.request(NETWORK, caseA, POLICE, {
    personId: mother.id,
    provider: 'jeugdzorg-cn',
    purpose: 'criminal_investigation',
    categories: ['youth_care_involvement', 'child_protection'],
    exchangeIds: [caseUpdate],
    justification: 'Suspected abuse; the investigation must not be disclosed.',
  });
  clock.advanceMinutes(60);
  await store.formalRequests.decide(NETWORK, caseA, YOUTH_CARE, requested.id, {
    status: 'approved',
    reason: 'Proportionate for the investigation.',
    expiresAt: new Date(EXPIRES_AT),
  });

  let minute = 0;
  const append = async (record: Omit<AuditRecord, 'network' | 'at'>) => {
    minute += 10;
    const at = new Date(clock.now().getTime() + minute * 60_000);
    return (await store.audit.append({ network: NETWORK, at, ...record })).seq;
  };
  const pull = (overrides: Partial<AuditRecord>): Omit<AuditRecord, 'network' | 'at'> => ({
    type: 'exchange.pull',
    caseId: caseA,
    personPseudonym: mother.pseudonym,
    purpose: 'case_meeting',
    policyRevision: 'rev-1',
    requestId: `req-${minute}`,
    exchangeId: `exchange-${minute}`,
    ...overrides,
  });

  const caseMeetingPull = await append(
    pull({
      requester: { organisation: 'jeugdzorg-cn', user: 'jeugdwerker-4', role: 'case_participant' },
      provider: 'politie-cn',
      recipient: 'jeugdzorg-cn',
      requestedCategories: ['police_incidents'],
      categories: ['police_incidents'],
      fields: ['police_incidents.incident_date'],
      grounds: { police_incidents: { type: 'consent', id: 'consent-1' } },
      decision: 'allow',
    }),
  );
  const investigationPull = await append(
    pull({
      requester: { organisation: 'politie-cn', user: 'agent-17', role: 'case_participant' },
      provider: 'jeugdzorg-cn',
      recipient: 'politie-cn',
      purpose: 'criminal_investigation',
      requestedCategories: ['youth_care_involvement'],
      categories: ['youth_care_involvement'],
      fields: ['youth_care_involvement.care_type'],
      grounds: { youth_care_involvement: { type: 'formal_request', id: requested.id } },
      decision: 'allow',
    }),
  );
  const deniedInvestigationPull = await append(
    pull({
      requester: { organisation: 'politie-cn', user: 'agent-17', role: 'case_participant' },
      provider: 'cjg-bonaire',
      recipient: 'politie-cn',
      purpose: 'criminal_investigation',
      requestedCategories: ['youth_care_involvement'],
      decision: 'deny',
      categoryReasons: [{ category: 'youth_care_involvement', code: 'FORMAL_REQUEST_REQUIRED' }],
    }),
  );
  const partlyAllowedPull = await append(
    pull({
      requester: { organisation: 'om-bes', user: 'officier-1', role: 'case_participant' },
      provider: 'politie-cn',
      recipient: 'om-bes',
      requestedCategories: ['police_incidents', 'mental_health_treatment'],
      categories: ['police_incidents'],
      fields: ['police_incidents.incident_type'],
      grounds: { police_incidents: { type: 'exception', id: 'exception-1' } },
      decision: 'allow',
      categoryReasons: [{ category: 'mental_health_treatment', code: 'SPECIAL_CATEGORY_NO_BASIS' }],
    }),
  );
  const pushed: Omit<AuditRecord, 'network' | 'at'> = {
    type: 'exchange.push',
    caseId: caseB,
    personPseudonym: mother.pseudonym,
    purpose: 'case_meeting',
    requester: { organisation: 'politie-cn', user: 'agent-17', role: 'case_participant' },
    provider: 'politie-cn',
    recipient: 'sgb',
    requestedCategories: ['signal'],
    categories: ['signal'],
    fields: ['signal.signal_date'],
    grounds: { signal: { type: 'consent', id: 'consent-2' } },
    decision: 'allow',
    exchangeId: 'exchange-push',
  };
  const push = await append(pushed);
  const delivery = await append({ ...pushed, type: 'exchange.push.delivered' });
  const otherPersonPulls = [
    await append(
      pull({
        personPseudonym: neighbour.pseudonym,
        requester: { organisation: 'politie-cn', user: 'agent-17', role: 'case_participant' },
        provider: 'jeugdzorg-cn',
        recipient: 'politie-cn',
        requestedCategories: ['youth_care_involvement'],
        decision: 'deny',
        categoryReasons: [{ category: 'youth_care_involvement', code: 'CONSENT_MISSING' }],
      }),
    ),
    await append(
      pull({
        personPseudonym: neighbour.pseudonym,
        requester: { organisation: 'sgb', user: 'mentor-2', role: 'case_participant' },
        provider: 'politie-cn',
        recipient: 'sgb',
        requestedCategories: ['police_incidents'],
        decision: 'deny',
        categoryReasons: [{ category: 'police_incidents', code: 'DOMAIN_NOT_PERMITTED' }],
      }),
    ),
  ];
  clock.advanceMinutes(24 * 60);
  return {
    pseudonym: mother.pseudonym,
    otherPseudonym: neighbour.pseudonym,
    formalRequestId: requested.id,
    caseMeetingPull,
    partlyAllowedPull,
    investigationPull,
    deniedInvestigationPull,
    push,
    delivery,
    otherPersonPulls,
  };
}
