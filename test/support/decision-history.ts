import { expect } from 'vitest';
import { DEFAULT_LIMITS } from '../../broker/config/config.ts';
import { type PullResult, pull } from '../../broker/exchange/pull-exchange.ts';
import { decidePush } from '../../broker/exchange/push-decision.ts';
import type { AdapterAgentPool } from '../../broker/identity/adapter-agent.ts';
import type { Logger } from '../../broker/log/logger.ts';
import type { Decision } from '../../broker/policy/decision.ts';
import type { ExchangeRequest } from '../../broker/policy/exchange-request.ts';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import {
  acceptedCase,
  NATIONAL_ID,
  NETWORK,
  POLICE,
  PROCESS_DIRECTOR,
  SCHOOL,
  YOUTH_CARE,
} from './case-fixtures.ts';
import type { StoreContext } from './databases.ts';
import { capturingLogger } from './logger.ts';

export interface HistoryCase {
  readonly caseId: string;
  readonly personId: string;
}

/**
 * A case in its case meeting, recorded at `at`: youth care directs it, the school takes
 * part, and the person consented to both receiving their data.
 */
export async function caseWithConsent(ctx: StoreContext, at: Date): Promise<HistoryCase> {
  const { store, clock } = ctx;
  clock.set(at.toISOString());
  const caseId = await acceptedCase(store);
  await store.participants.appointCaseDirector(NETWORK, caseId, PROCESS_DIRECTOR, YOUTH_CARE);
  await store.participants.add(NETWORK, caseId, PROCESS_DIRECTOR, {
    ...SCHOOL,
    role: 'case_participant',
  });
  const person = await store.persons.add(NETWORK, caseId, POLICE, {
    nationalId: NATIONAL_ID,
    ageBand: '13-17',
    gender: 'female',
  });
  for (const recipient of ['jeugdzorg-cn', 'sgb']) {
    await store.consent.record(NETWORK, caseId, PROCESS_DIRECTOR, 'consent', {
      personId: person.id,
      recipient,
      categories: null,
      // Under 16 as far as the broker knows: the legal representative consents.
      givenBy: 'legal_representative',
      obtainedHow: 'in_person',
      at: clock.now(),
    });
  }
  return { caseId, personId: person.id };
}

export interface Requester {
  readonly organisation: string;
  readonly user: string;
  readonly role: CaseRole;
}

export const YOUTH_CARE_DIRECTOR: Requester = { ...YOUTH_CARE, role: 'case_director' };
export const SCHOOL_PARTICIPANT: Requester = { ...SCHOOL, role: 'case_participant' };

/**
 * The broker's pulls and push decisions on the store, at the store's clock: each decision
 * goes through the same code as over the API, and so keeps its input. No adapter is
 * configured, so an allowed pull stops at "unavailable": nothing is ever released.
 */
export function exchanges(ctx: StoreContext, policy: PolicyEngine, logger: Logger) {
  const deps = {
    store: ctx.store,
    network: NETWORK,
    policy,
    logger,
    clock: ctx.clock,
    adapters: new Map<string, string>(),
    agents: {} as AdapterAgentPool,
    timeoutMs: 1_000,
    answerLimits: DEFAULT_LIMITS.adapterAnswer,
  };
  return {
    pull(
      theCase: HistoryCase,
      requester: Requester,
      request: { purpose: string; categories: string[]; provider: string },
    ): Promise<PullResult[]> {
      return pull(deps, {
        requester,
        caseId: theCase.caseId,
        personId: theCase.personId,
        purpose: request.purpose,
        categories: request.categories,
        providers: [request.provider],
        requestId: 'request-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });
    },
    push(
      theCase: HistoryCase,
      request: { sender: string; recipient: string; purpose: string; categories: string[] },
    ): Promise<Decision> {
      return decidePush(deps, {
        network: NETWORK,
        caseId: theCase.caseId,
        personId: theCase.personId,
        ...request,
        at: ctx.clock.now(),
        keepInput: true,
      });
    },
  };
}

const DAY_MS = 86_400_000;

/**
 * The decisions the broker keeps in a case of youth care, counted back from the real time
 * (the window of an impact report ends now): 100 days ago youth care pulled police
 * incidents and identification once; 10 days ago twice, the police pushed incidents to
 * youth care, and the school was refused a care plan summary for its domain. The store's
 * clock is left at 10 days ago.
 */
export async function seedKeptDecisions(
  ctx: StoreContext,
  policy: PolicyEngine,
): Promise<HistoryCase> {
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
  const { logger } = capturingLogger();
  const broker = exchanges(ctx, policy, logger);
  const theCase = await caseWithConsent(ctx, daysAgo(200));
  const incidents = {
    purpose: 'case_meeting',
    categories: ['police_incidents', 'identification'],
    provider: 'politie-cn',
  };
  ctx.clock.set(daysAgo(100).toISOString());
  await broker.pull(theCase, YOUTH_CARE_DIRECTOR, incidents);
  ctx.clock.set(daysAgo(10).toISOString());
  await broker.pull(theCase, YOUTH_CARE_DIRECTOR, incidents);
  await broker.pull(theCase, YOUTH_CARE_DIRECTOR, incidents);
  await broker.push(theCase, {
    sender: 'politie-cn',
    recipient: 'jeugdzorg-cn',
    purpose: 'case_meeting',
    categories: ['police_incidents'],
  });
  const refused = await broker.pull(theCase, SCHOOL_PARTICIPANT, {
    purpose: 'case_meeting',
    categories: ['care_plan_summary'],
    provider: 'jeugdzorg-cn',
  });
  expect(refused).toMatchObject([{ status: 'denied', reasons: ['DOMAIN_NOT_PERMITTED'] }]);
  await ctx.store.decisions.flush();
  return theCase;
}

/**
 * The input of an allowed pull of police incidents at `at` under a policy whose input had
 * no person, case phase or statements yet: an input of an earlier shape, which the current
 * policy refuses as INPUT_INVALID.
 */
export function inputOfAnEarlierShape(at: Date, caseId: string): Record<string, unknown> {
  return {
    at: at.toISOString(),
    network: NETWORK,
    action: 'pull',
    purpose: 'case_meeting',
    categories: ['police_incidents'],
    provider: { organisation: 'politie-cn' },
    recipient: { organisation: 'jeugdzorg-cn', role: 'case_participant' },
    case: { id: caseId },
  };
}

/** Keeps inputOfAnEarlierShape with the allowed decision it had. */
export async function keepInputOfAnEarlierShape(
  ctx: StoreContext,
  { caseId }: HistoryCase,
  at: Date,
): Promise<void> {
  const input = inputOfAnEarlierShape(at, caseId);
  const decision: Decision = {
    allow: true,
    reasons: [],
    permitted: { police_incidents: ['incident_date'] },
    grounds: {},
    obligations: [],
    covenant: null,
    revision: 'sha256:an-earlier-policy',
  };
  await ctx.store.decisions.keep(input as unknown as ExchangeRequest, decision);
}
