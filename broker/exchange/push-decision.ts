import { CASE_ROLES, type CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { Logger } from '../log/logger.ts';
import type { Decision } from '../policy/decision.ts';
import type { ExchangeRequest } from '../policy/exchange-request.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import { engineDecidingAt } from '../policy/policy-engine-holder.ts';
import type { BrokerStore } from '../store/broker-store.ts';

/** One recipient of a push: the sender is the policy's provider. */
export interface PushDecisionQuery {
  readonly network: string;
  readonly caseId: string;
  /** The person the update is about; absent for the case as a whole. */
  readonly personId: string | undefined;
  readonly sender: string;
  readonly recipient: string;
  readonly purpose: string;
  readonly categories: readonly string[];
  readonly at: Date;
  /**
   * Keep the input for the covenant impact report: true when the message is accepted,
   * false before a delivery attempt, so a message retried against an unreachable adapter
   * counts once in the report and not once per attempt.
   */
  readonly keepInput: boolean;
}

/**
 * The policy's decision on pushing categories to one recipient, on the facts stored at
 * `at`: made when the message is accepted, and again before each delivery attempt, so
 * that a consent withdrawn while the message waited stops it. The first of these keeps its
 * input for the covenant impact report.
 *
 * @example
 * const decision = await decidePush({ store, policy, logger }, { network, caseId, personId,
 *   sender: 'politie-cn', recipient: 'jeugdzorg-cn', purpose, categories, at: new Date(),
 *   keepInput: true });
 */
export async function decidePush(
  deps: { readonly store: BrokerStore; readonly policy: PolicyEngine; readonly logger: Logger },
  query: PushDecisionQuery,
): Promise<Decision> {
  const engine = engineDecidingAt(deps.policy, query.at);
  const [participants, facts] = await Promise.all([
    deps.store.participants.list(query.network, query.caseId),
    deps.store.facts.assemble({
      network: query.network,
      caseId: query.caseId,
      ...(query.personId === undefined ? {} : { person: { id: query.personId } }),
      recipient: query.recipient,
      at: query.at,
      covenantVersion: engine.covenantVersionId(query.network),
    }),
  ]);
  const request: ExchangeRequest = {
    at: query.at.toISOString(),
    network: query.network,
    action: 'push',
    purpose: query.purpose,
    categories: query.categories,
    provider: { organisation: query.sender },
    recipient: {
      organisation: query.recipient,
      role: recipientRole(participants, query.recipient),
    },
    ...facts,
  };
  const decision = engine.decide(request);
  if (!query.keepInput) return decision;
  // Not waited for, and a lost input is only logged: see keepDecisionInput in pull-exchange.ts.
  deps.store.decisions.keep(request, decision).catch((error: unknown) => {
    deps.logger.error(
      { err: error, sender: query.sender, recipient: query.recipient },
      'decision input not kept for the impact report',
    );
  });
  return decision;
}

/**
 * The message goes to the organisation's adapter, not to one employee: it is decided for
 * the most privileged role any of the organisation's employees holds in the case. An
 * organisation without one gets the least privileged role that receives; the policy then
 * denies it as no participant.
 */
function recipientRole(
  participants: readonly { organisation: string; role: CaseRole }[],
  organisation: string,
): CaseRole {
  const held = new Set(
    participants.filter((p) => p.organisation === organisation).map((p) => p.role),
  );
  return CASE_ROLES.find((role) => held.has(role)) ?? 'case_participant';
}
