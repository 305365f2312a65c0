import type { Compilable, Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../store/database.ts';
import type { AuditEntriesTable } from '../trail/audit-tables.ts';
import { type AuditEntryView, entryView } from './audit-entry-view.ts';
import { type AuditScope, legacyPushTo, namesOrganisation } from './audit-scope.ts';
import { decodeCursor, encodeCursor } from './search-cursor.ts';

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 1000;

/** The filters of a search; each given one narrows it. Periods are [from, to). */
export interface EntryFilters {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly requester?: string | undefined;
  readonly provider?: string | undefined;
  readonly recipient?: string | undefined;
  readonly caseId?: string | undefined;
  readonly personPseudonym?: string | undefined;
  readonly purpose?: string | undefined;
  readonly type?: string | undefined;
  readonly decision?: 'allow' | 'deny' | undefined;
  /** A reason code of an exchange, or the code a request was refused with. */
  readonly reason?: string | undefined;
  readonly exchangeId?: string | undefined;
  /** 32 lowercase hex digits: the trace of a `traceparent`. */
  readonly traceId?: string | undefined;
}

export interface EntrySearch extends EntryFilters {
  readonly network: string;
  readonly scope: AuditScope;
  /** From the previous page's `next`. */
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

export interface EntryPage {
  readonly entries: AuditEntryView[];
  /** The cursor of the next (older) page; null on the last. */
  readonly next: string | null;
}

type EntrySelect = SelectQueryBuilder<Database, 'audit_entries', AuditEntriesTable>;

/** The query of one page of entries, run or (for its plan) compiled. */
export interface PageQuery extends Compilable {
  execute(): Promise<AuditEntriesTable[]>;
}

/**
 * One page of the trail, newest first. Every filter is an equality on an indexed column
 * (or a prefix of one), so that a search by person, case or exchange reads only the
 * matching entries whatever the trail's length.
 *
 * @example
 * const page = await searchEntries(db, { network: 'bonaire', scope: { kind: 'network' },
 *   caseId, limit: 25 });
 */
export async function searchEntries(db: Kysely<Database>, search: EntrySearch): Promise<EntryPage> {
  const limit = search.limit ?? DEFAULT_PAGE_LIMIT;
  const rows = await entrySearchQuery(db, search).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map(entryView),
    next: rows.length > limit && last !== undefined ? encodeCursor(Number(last.seq)) : null,
  };
}

/**
 * The query of one page, with one row more than the limit to tell whether a next page
 * exists. Apart from `searchEntries` so that its plan can be inspected (bench/audit-search.ts).
 */
export function entrySearchQuery(db: Kysely<Database>, search: EntrySearch): PageQuery {
  const limit = search.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new TypeError(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  const below = search.cursor === undefined ? undefined : decodeCursor(search.cursor);
  const page = (select: EntrySelect): EntrySelect =>
    (below === undefined ? select : select.where('seq', '<', below))
      .orderBy('seq', 'desc')
      .limit(limit + 1);
  const all = () => filtered(db.selectFrom('audit_entries').selectAll(), search);
  if (search.scope.kind === 'network') return page(all());
  const { organisation } = search.scope;
  if (keyed(search)) return page(all().where((eb) => namesOrganisation(eb, organisation)));
  // Without a person, case, exchange or trace, the OR over the organisation's parts would
  // read all its entries (hundreds of thousands) to sort them: each part is read newest
  // first from its own index instead, a page at most, and the parts merged.
  const parts = [
    all().where('requester_organisation', '=', organisation),
    all().where('provider_organisation', '=', organisation),
    all().where('recipient_organisation', '=', organisation),
    all().where(legacyPushTo(organisation)),
  ].map((part) => db.selectFrom(page(part).as('part')).selectAll());
  const [first, ...rest] = parts as [(typeof parts)[number], ...typeof parts];
  const merged = rest.reduce((union, part) => union.union(part), first);
  return db
    .selectFrom(merged.as('scoped'))
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(limit + 1);
}

/** A key that few entries share: its own index finds them, whatever the scope. */
function keyed(search: EntrySearch): boolean {
  return (
    search.personPseudonym !== undefined ||
    search.caseId !== undefined ||
    search.exchangeId !== undefined ||
    search.traceId !== undefined
  );
}

/** Every filter but the scope. */
function filtered(select: EntrySelect, search: EntryFilters & { network: string }): EntrySelect {
  let query = select.where('network_id', '=', search.network);
  const equal = {
    requester_organisation: search.requester,
    provider_organisation: search.provider,
    recipient_organisation: search.recipient,
    case_id: search.caseId,
    person_pseudonym: search.personPseudonym,
    purpose: search.purpose,
    event_type: search.type,
    decision: search.decision,
    exchange_id: search.exchangeId,
  } as const;
  for (const [column, value] of Object.entries(equal)) {
    if (value !== undefined) query = query.where(column as keyof typeof equal, '=', value);
  }
  if (search.from !== undefined) query = query.where('at', '>=', search.from.toISOString());
  if (search.to !== undefined) query = query.where('at', '<', search.to.toISOString());
  if (search.traceId !== undefined) {
    // A range rather than LIKE: both databases then use the index on traceparent.
    query = query
      .where('traceparent', '>=', `00-${search.traceId}-`)
      .where('traceparent', '<', `00-${search.traceId}.`);
  }
  if (search.reason !== undefined) {
    const code = search.reason;
    query = query.where((eb) =>
      eb.or([
        eb('reasons', 'like', `%"${code}"%`),
        eb.and([
          eb('event_type', '=', 'access.refused'),
          eb('details', 'like', `%"code":"${code}"%`),
        ]),
      ]),
    );
  }
  return query;
}
