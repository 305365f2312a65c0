import type { Kysely } from 'kysely';
import type { AuditScope } from '../../broker/audit/search/audit-scope.ts';
import type { EntrySearch } from '../../broker/audit/search/entry-search.ts';
import { encodeCursor } from '../../broker/audit/search/search-cursor.ts';
import type { Database } from '../../broker/store/database.ts';
import { NETWORK } from './synthetic-trail.ts';

/** What a search is built from: an existing entry, so that every key is one the trail holds. */
export interface SampledEntry {
  readonly seq: number;
  readonly at: string;
  readonly caseId: string | null;
  readonly personPseudonym: string | null;
  readonly exchangeId: string | null;
  /** The organisation whose partner privacy officer searches: the entry's requester. */
  readonly organisation: string | null;
}

/** One kind of search the privacy officer makes; undefined where the entry lacks the key. */
export interface SearchKind {
  readonly name: string;
  build(entry: SampledEntry): EntrySearch | undefined;
}

const PAGE = 25;
const PERIOD_MS = 90 * 86_400_000;
const NETWORK_SCOPE: AuditScope = { kind: 'network' };

type Key = 'personPseudonym' | 'caseId' | 'exchangeId';

function scopeOf(entry: SampledEntry, partner: boolean): AuditScope | undefined {
  if (!partner) return NETWORK_SCOPE;
  return entry.organisation === null
    ? undefined
    : { kind: 'organisation', organisation: entry.organisation };
}

function byKey(key: Key, label: string, partner: boolean, laterPage: boolean): SearchKind {
  const scope = partner ? 'partner' : 'network';
  return {
    name: `${label}, ${scope} scope, ${laterPage ? 'later page' : 'first page'}`,
    build(entry) {
      const value = entry[key];
      const scoped = scopeOf(entry, partner);
      if (value === null || scoped === undefined) return undefined;
      return {
        network: NETWORK,
        scope: scoped,
        [key]: value,
        limit: PAGE,
        // The page after the sampled entry: the entries of the same key older than it.
        ...(laterPage ? { cursor: encodeCursor(entry.seq) } : {}),
      };
    },
  };
}

/**
 * The searches of issue 10 point 8: by person, case and exchange id, each in the network's
 * and in a partner's scope (its OR over requester, provider and recipient), first page and
 * a later one, and a person within a period of 90 days.
 */
export const SEARCH_KINDS: readonly SearchKind[] = [
  ...(['network', 'partner'] as const).flatMap((scope) => [
    byKey('personPseudonym', 'person', scope === 'partner', false),
    byKey('personPseudonym', 'person', scope === 'partner', true),
    byKey('caseId', 'case', scope === 'partner', false),
    byKey('caseId', 'case', scope === 'partner', true),
    byKey('exchangeId', 'exchange id', scope === 'partner', false),
  ]),
  ...[false, true].map(
    (partner): SearchKind => ({
      name: `person + 90-day period, ${partner ? 'partner' : 'network'} scope, first page`,
      build(entry) {
        const scope = scopeOf(entry, partner);
        if (entry.personPseudonym === null || scope === undefined) return undefined;
        const at = Date.parse(entry.at);
        return {
          network: NETWORK,
          scope,
          personPseudonym: entry.personPseudonym,
          from: new Date(at - PERIOD_MS / 2),
          to: new Date(at + PERIOD_MS / 2),
          limit: PAGE,
        };
      },
    }),
  ),
];

/**
 * Not part of the target (no person, case or exchange), but what a privacy officer sees
 * first: the newest entries of the network, or of the partner's organisation.
 */
export const BROWSE_KINDS: readonly SearchKind[] = [false, true].map((partner) => ({
  name: `newest entries, no filter, ${partner ? 'partner' : 'network'} scope, first page`,
  build(entry) {
    const scope = scopeOf(entry, partner);
    return scope === undefined ? undefined : { network: NETWORK, scope, limit: PAGE };
  },
}));

/**
 * `count` entries picked uniformly from the trail's `entries`, each with the keys a
 * search can be built from: a search for a key with many entries is as likely as the
 * entries make it, as when an officer follows up on entries.
 */
export async function sampleEntries(
  db: Kysely<Database>,
  entries: number,
  count: number,
  random: () => number,
): Promise<SampledEntry[]> {
  const sampled: SampledEntry[] = [];
  for (let i = 0; i < count; i++) {
    const seq = 1 + Math.floor(random() * entries);
    const row = await db
      .selectFrom('audit_entries')
      .select(['seq', 'at', 'case_id', 'person_pseudonym', 'exchange_id', 'requester_organisation'])
      .where('seq', '=', seq)
      .executeTakeFirstOrThrow();
    sampled.push({
      seq: Number(row.seq),
      at: row.at,
      caseId: row.case_id,
      personPseudonym: row.person_pseudonym,
      exchangeId: row.exchange_id,
      organisation: row.requester_organisation,
    });
  }
  return sampled;
}
