import type { Kysely } from 'kysely';
import { entryView } from '../audit/search/audit-entry-view.ts';
import { ExchangeNotReceivedError } from '../errors/broker-error.ts';
import type { Database } from './database.ts';

/** What a formal request says it received: from whom, about whom, which categories, where. */
export interface ClaimedReceipt {
  readonly network: string;
  readonly caseId: string;
  readonly requester: string;
  readonly provider: string;
  readonly personPseudonym: string;
  readonly categories: readonly string[];
  readonly exchangeIds: readonly string[];
}

/**
 * The entries in which data reached a recipient: a pull's answer, and a push once the
 * recipient's adapter took it (an `exchange.push` entry alone says only that it was queued).
 */
const RECEIVING_ENTRIES = ['exchange.pull', 'exchange.push.delivered'];

/**
 * Refuses a formal request unless the trail shows the requester received what it asks to
 * reuse: every named exchange is one of this case in which the provider released at least
 * one of the requested categories to the requester, about this person (or, a push, about
 * the case as a whole); and every requested category was released in one of them. The
 * provider decides on a reference the broker has checked, not on the requester's word.
 *
 * @example
 * await requireReceivedExchanges(trx, { network, caseId, requester: 'politie-cn',
 *   provider: 'jeugdzorg-cn', personPseudonym, categories, exchangeIds });
 */
export async function requireReceivedExchanges(
  db: Kysely<Database>,
  claim: ClaimedReceipt,
): Promise<void> {
  const rows = await db
    .selectFrom('audit_entries')
    .selectAll()
    .where('exchange_id', 'in', [...claim.exchangeIds])
    .where('network_id', '=', claim.network)
    .where('case_id', '=', claim.caseId)
    .where('event_type', 'in', RECEIVING_ENTRIES)
    .execute();
  const released = new Map<string, Set<string>>();
  for (const entry of rows.map(entryView)) {
    const aboutThePerson =
      entry.personPseudonym === claim.personPseudonym ||
      (entry.personPseudonym === null && entry.type !== 'exchange.pull');
    if (
      entry.exchangeId === null ||
      entry.recipient !== claim.requester ||
      entry.provider !== claim.provider ||
      !aboutThePerson
    ) {
      continue;
    }
    const categories = released.get(entry.exchangeId) ?? new Set<string>();
    for (const category of entry.releasedCategories) categories.add(category);
    released.set(entry.exchangeId, categories);
  }
  for (const exchangeId of claim.exchangeIds) {
    const categories = released.get(exchangeId);
    if (categories === undefined || !claim.categories.some((c) => categories.has(c))) {
      throw new ExchangeNotReceivedError(
        `exchange ${exchangeId} released none of the requested categories from ${claim.provider} to ${claim.requester} about this person in this case`,
      );
    }
  }
  const receivedAny = new Set([...released.values()].flatMap((categories) => [...categories]));
  const missing = claim.categories.filter((category) => !receivedAny.has(category));
  if (missing.length > 0) {
    throw new ExchangeNotReceivedError(
      `the named exchanges released no ${missing.join(', ')} from ${claim.provider} to ${claim.requester}`,
    );
  }
}
