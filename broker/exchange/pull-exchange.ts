import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { ReasonCode } from '../../policies/vocabulary/reason-codes.ts';
import type { AuditRecord } from '../audit/trail/audit-record.ts';
import { payloadDigest } from '../audit/trail/payload-digest.ts';
import type { AdapterAnswerLimits } from '../config/config.ts';
import type { AdapterAgentPool } from '../identity/adapter-agent.ts';
import type { Logger } from '../log/logger.ts';
import type { Decision } from '../policy/decision.ts';
import type { ExchangeRequest } from '../policy/exchange-request.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import { engineDecidingAt } from '../policy/policy-engine-holder.ts';
import type { BrokerStore } from '../store/broker-store.ts';
import { pullFromAdapter } from './adapter-pull-client.ts';
import { auditFailure, errorName, exchangeFailure } from './exchange-failure.ts';
import { keepPermitted, type ReleasedData } from './permitted-fields.ts';
import { trailReasons, withheldCategories } from './withheld-categories.ts';

/** Organisation id to the base URL of its adapter. */
export type AdapterDirectory = ReadonlyMap<string, string>;

export interface PullDependencies {
  readonly store: BrokerStore;
  readonly network: string;
  readonly policy: PolicyEngine;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly adapters: AdapterDirectory;
  readonly agents: AdapterAgentPool;
  readonly timeoutMs: number;
  /** Bounds on each adapter's answer, checked while it streams in. */
  readonly answerLimits: AdapterAnswerLimits;
}

/** A pull as the route validated it; the requester comes from certificate and assertion. */
export interface PullQuery {
  readonly requester: {
    readonly organisation: string;
    readonly user: string;
    readonly role: CaseRole;
  };
  readonly caseId: string;
  readonly personId: string;
  readonly purpose: string;
  readonly categories: readonly string[];
  /** Absent: every other participant organisation that has an adapter. */
  readonly providers: readonly string[] | undefined;
  readonly requestId: string;
  /** The broker's span of the request's trace, sent on to the adapters. */
  readonly traceparent: string;
}

export type PullResult =
  | {
      readonly provider: string;
      readonly status: 'data';
      readonly exchangeId: string;
      readonly purpose: string;
      readonly data: ReleasedData;
      /** Requested categories the decision did not permit, with their reason codes. */
      readonly withheld: Record<string, ReasonCode[]>;
    }
  | {
      readonly provider: string;
      readonly status: 'denied';
      readonly reasons: ReasonCode[];
      /** Each category a reason withheld, with its codes: a denial names them too. */
      readonly withheld: Record<string, ReasonCode[]>;
    }
  | { readonly provider: string; readonly status: 'unavailable' };

/**
 * One pull: the policy decides per provider on the stored facts, the allowed providers'
 * adapters are asked in parallel, and each provider's result is released only after its
 * audit entry is durable. Each provider's part runs on its own: whatever fails in it (an
 * answer the broker cannot process, an internal error) is recorded in that provider's
 * entry (`EXCHANGE_FAILED`) and makes that provider `unavailable`, never another. An error
 * before any provider is asked is recorded too, then reaches the caller as a 500.
 *
 * @example
 * const results = await pull(deps, { requester, caseId, personId, purpose, categories,
 *   providers: undefined, requestId, traceparent });
 */
export async function pull(deps: PullDependencies, query: PullQuery): Promise<PullResult[]> {
  return auditFailure(deps, exchangeFailure('exchange.pull', deps.network, query), () =>
    pullFromEach(deps, query),
  );
}

async function pullFromEach(deps: PullDependencies, query: PullQuery): Promise<PullResult[]> {
  const at = deps.clock.now();
  const engine = engineDecidingAt(deps.policy, at);
  const facts = await deps.store.facts.assemble({
    network: deps.network,
    caseId: query.caseId,
    person: { id: query.personId },
    recipient: query.requester.organisation,
    // A provider named outside the case (triage) learns who the person is by being asked:
    // the policy needs the person's statements about it before its adapter is contacted.
    askedProviders: query.providers === undefined ? undefined : [...query.providers],
    at,
    covenantVersion: engine.covenantVersionId(deps.network),
  });
  const persons = await deps.store.persons.list(deps.network, query.caseId);
  const person = persons.find((p) => p.id === query.personId);
  if (person === undefined) throw new NotFoundError('person');

  const providers =
    query.providers ??
    facts.case.participants.filter(
      (organisation) =>
        organisation !== query.requester.organisation && deps.adapters.has(organisation),
    );
  let nationalId: Promise<string> | undefined;
  const revealNationalId = () => {
    nationalId ??= deps.store.persons.revealNationalId(deps.network, query.caseId, person.id);
    return nationalId;
  };

  return Promise.all(
    providers.map(async (provider): Promise<PullResult> => {
      const exchange: Exchange = {
        deps,
        query,
        provider,
        exchangeId: randomUUID(),
        decision: undefined,
        audit: {
          type: 'exchange.pull',
          network: deps.network,
          requester: query.requester,
          provider,
          recipient: query.requester.organisation,
          caseId: query.caseId,
          personPseudonym: person.pseudonym,
          purpose: query.purpose,
          requestedCategories: query.categories,
          categories: [],
          requestId: query.requestId,
          traceparent: query.traceparent,
        },
      };
      try {
        const request: ExchangeRequest = {
          at: at.toISOString(),
          network: deps.network,
          action: 'pull',
          purpose: query.purpose,
          categories: query.categories,
          provider: { organisation: provider },
          recipient: { organisation: query.requester.organisation, role: query.requester.role },
          ...facts,
        };
        const decision = engine.decide(request);
        exchange.decision = decision;
        keepDecisionInput(exchange, request, decision);
        exchange.audit = {
          ...exchange.audit,
          grounds: decision.grounds,
          policyRevision: decision.revision,
        };
        return decision.allow
          ? await pullAllowed(exchange, decision, revealNationalId)
          : await deny(exchange, decision);
      } catch (error) {
        return failed(exchange, error);
      }
    }),
  );
}

interface Exchange {
  readonly deps: PullDependencies;
  readonly query: PullQuery;
  readonly provider: string;
  readonly exchangeId: string;
  /** Once the policy decided. */
  decision: Decision | undefined;
  /** What every entry of this exchange records, whatever its outcome. */
  audit: AuditRecord;
}

async function deny(exchange: Exchange, decision: Decision): Promise<PullResult> {
  const reasons = decision.reasons.map((reason) => reason.code);
  const recorded = await append(exchange, { decision: 'deny', ...trailReasons(decision.reasons) });
  return {
    provider: exchange.provider,
    status: 'denied',
    reasons: recorded ? reasons : [...reasons, 'AUDIT_WRITE_FAILED'],
    withheld: withheldCategories(decision.reasons),
  };
}

async function pullAllowed(
  exchange: Exchange,
  decision: Decision,
  revealNationalId: () => Promise<string>,
): Promise<PullResult> {
  const { deps, query, provider, exchangeId } = exchange;
  const categories = permittedCategories(query, decision);
  // A partly allowed decision: the category-level denials are recorded with the release.
  const { reasons, categoryReasons } = trailReasons(decision.reasons);
  const withheld = withheldCategories(decision.reasons);
  if (!deps.store.audit.health().writable) {
    // While appends fail no entry could follow the national identifier: it stays here.
    await append(exchange, {
      decision: 'allow',
      reasons: [...reasons, 'AUDIT_WRITE_FAILED'],
      categoryReasons,
    });
    return { provider, status: 'denied', reasons: ['AUDIT_WRITE_FAILED'], withheld };
  }
  const url = deps.adapters.get(provider);
  let answer: Awaited<ReturnType<typeof pullFromAdapter>>;
  try {
    if (url === undefined) throw new Error('no adapter configured for the provider');
    answer = await pullFromAdapter(
      url,
      {
        exchangeId,
        purpose: query.purpose,
        person: { nationalId: await revealNationalId() },
        categories,
      },
      {
        agent: deps.agents.for(provider),
        timeoutMs: deps.timeoutMs,
        traceparent: query.traceparent,
        limits: deps.answerLimits,
      },
    );
  } catch (error) {
    deps.logger.warn(
      { provider, exchangeId, requestId: query.requestId, reason: String(error) },
      'adapter unavailable',
    );
    await append(exchange, {
      decision: 'allow',
      reasons: [...reasons, 'ADAPTER_UNAVAILABLE'],
      categoryReasons,
    });
    return { provider, status: 'unavailable' };
  }
  const released = keepPermitted(answer.categories, decision.permitted);
  const recorded = await append(exchange, {
    // A provider answers only for the categories it holds: record those that came back.
    categories: categories.filter((category) => Object.hasOwn(released.data, category)),
    fields: released.fields,
    droppedFields: released.dropped,
    payloadSha256: payloadDigest(released.data),
    decision: 'allow',
    reasons,
    categoryReasons,
  });
  if (!recorded) return { provider, status: 'denied', reasons: ['AUDIT_WRITE_FAILED'], withheld };
  return {
    provider,
    status: 'data',
    exchangeId,
    purpose: query.purpose,
    data: released.data,
    withheld,
  };
}

function permittedCategories(query: PullQuery, decision: Decision): string[] {
  return query.categories.filter((c) => (decision.permitted[c]?.length ?? 0) > 0);
}

/**
 * What is left when a provider's part threw: its entry, which says the exchange failed
 * and, if the policy had allowed it, that the adapter may have received the identifier.
 */
async function failed(exchange: Exchange, error: unknown): Promise<PullResult> {
  const { deps, query, provider, exchangeId, decision } = exchange;
  deps.logger.error(
    { err: error, provider, exchangeId, requestId: query.requestId },
    'pull from a provider failed: nothing released from it',
  );
  const reasons: ReasonCode[] = [
    ...(decision?.reasons.map((reason) => reason.code) ?? []),
    'EXCHANGE_FAILED',
  ];
  const split = trailReasons(decision?.reasons);
  const withheld = withheldCategories(decision?.reasons ?? []);
  const recorded = await append(exchange, {
    decision: decision?.allow ? 'allow' : 'deny',
    reasons: [...split.reasons, 'EXCHANGE_FAILED'],
    categoryReasons: split.categoryReasons,
    details: { error: errorName(error) },
  });
  if (!recorded) {
    return { provider, status: 'denied', reasons: [...reasons, 'AUDIT_WRITE_FAILED'], withheld };
  }
  return decision?.allow
    ? { provider, status: 'unavailable' }
    : { provider, status: 'denied', reasons, withheld };
}

/**
 * Keeps the input for the covenant impact report without waiting for it: the decision
 * stands either way, and a lost input is only logged, since the audit entry (which gates
 * the release) records the decision and the history is a planning copy of it.
 */
function keepDecisionInput(exchange: Exchange, request: ExchangeRequest, decision: Decision): void {
  exchange.deps.store.decisions.keep(request, decision).catch((error: unknown) => {
    exchange.deps.logger.error(
      {
        err: error,
        provider: exchange.provider,
        exchangeId: exchange.exchangeId,
        requestId: exchange.query.requestId,
      },
      'decision input not kept for the impact report',
    );
  });
}

/** True once the entry is durable; a failed append is logged and reported as false. */
async function append(exchange: Exchange, outcome: Partial<AuditRecord>): Promise<boolean> {
  try {
    await exchange.deps.store.audit.append({
      exchangeId: exchange.exchangeId,
      ...exchange.audit,
      ...outcome,
    });
    return true;
  } catch (error) {
    exchange.deps.logger.error(
      {
        err: error,
        provider: exchange.provider,
        exchangeId: exchange.exchangeId,
        requestId: exchange.query.requestId,
      },
      'audit append failed: nothing released',
    );
    return false;
  }
}
