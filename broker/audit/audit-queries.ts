import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import { type PeriodQuery, periodEntries } from './export/period-entries.ts';
import type { AuditEntryView } from './search/audit-entry-view.ts';
import type { AuditScope } from './search/audit-scope.ts';
import { type EntryPage, type EntrySearch, searchEntries } from './search/entry-search.ts';
import { encodeCursor } from './search/search-cursor.ts';
import {
  exchangeStatistics,
  type StatisticsQuery,
  type StatisticsTable,
} from './statistics/exchange-statistics.ts';
import { type ChainStatus, chainStatus } from './status/chain-status.ts';
import type { VerificationOutcome } from './status/verification-schedule.ts';
import {
  type SubjectAccessOptions,
  type SubjectAccessQuery,
  type SubjectAccessReport,
  subjectAccessReport,
} from './subject-access/subject-access-report.ts';

/** An entry with its place in the chain: the signed checkpoint that covers it, if any yet. */
export interface EntryRecord {
  readonly entry: AuditEntryView;
  readonly coveredBy: { readonly seq: number; readonly hash: string; readonly at: string } | null;
}

/**
 * The privacy officer's reads of the trail, in one place for the API and the CLI: search,
 * one entry, subject access, statistics, export and the chain's status. Who may read
 * what is the caller's `AuditScope`; recording that a read happened is the caller's too.
 */
export class AuditQueries {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  search(search: EntrySearch): Promise<EntryPage> {
    return searchEntries(this.#db, search);
  }

  /** Undefined for an entry that does not exist or lies outside the scope. */
  async entry(network: string, scope: AuditScope, seq: number): Promise<EntryRecord | undefined> {
    const { entries } = await searchEntries(this.#db, {
      network,
      scope,
      cursor: encodeCursor(seq + 1),
      limit: 1,
    });
    const entry = entries[0];
    if (entry === undefined || entry.seq !== seq) return undefined;
    const checkpoint = await this.#db
      .selectFrom('audit_checkpoints')
      .select(['seq', 'head_hash', 'at'])
      .where('seq', '>=', seq)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    return {
      entry,
      coveredBy:
        checkpoint === undefined
          ? null
          : { seq: Number(checkpoint.seq), hash: checkpoint.head_hash, at: checkpoint.at },
    };
  }

  subjectAccess(
    query: SubjectAccessQuery,
    options?: SubjectAccessOptions,
  ): Promise<SubjectAccessReport> {
    return subjectAccessReport(this.#db, query, options);
  }

  statistics(query: StatisticsQuery): Promise<StatisticsTable> {
    return exchangeStatistics(this.#db, query);
  }

  entriesOf(query: PeriodQuery): AsyncGenerator<AuditEntryView> {
    return periodEntries(this.#db, query);
  }

  status(now: Date, lastVerification: VerificationOutcome | null): Promise<ChainStatus> {
    return chainStatus(this.#db, now, lastVerification);
  }
}
