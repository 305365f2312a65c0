import { randomUUID } from 'node:crypto';
import type { BrokerStore } from '../../broker/store/broker-store.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import { NETWORK } from './case-fixtures.ts';

export interface ReceivedPull {
  readonly caseId: string;
  readonly personPseudonym: string;
  readonly requester: {
    readonly organisation: string;
    readonly user: string;
    readonly role?: CaseRole;
  };
  readonly provider: string;
  readonly categories: readonly string[];
  /** What the provider released of them; all of them unless given. */
  readonly released?: readonly string[];
  readonly purpose?: string;
}

/**
 * The trail's entry of a pull in which `requester` received `released` from `provider`,
 * as the pull route writes it: for tests whose broker runs without adapters, so that a
 * formal request can name an exchange the requester really received. Returns its id.
 */
export async function receivedPull(store: BrokerStore, pull: ReceivedPull): Promise<string> {
  const exchangeId = randomUUID();
  const released = pull.released ?? pull.categories;
  await store.audit.append({
    type: 'exchange.pull',
    network: NETWORK,
    requester: pull.requester,
    provider: pull.provider,
    recipient: pull.requester.organisation,
    caseId: pull.caseId,
    personPseudonym: pull.personPseudonym,
    purpose: pull.purpose ?? 'case_meeting',
    requestedCategories: pull.categories,
    categories: released,
    decision: released.length > 0 ? 'allow' : 'deny',
    exchangeId,
  });
  return exchangeId;
}
