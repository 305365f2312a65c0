import type { Kysely } from 'kysely';
import { CodedError, NotFoundError } from '../../../adapters/contract/coded-error.ts';
import { covenantPartnerNames } from '../../covenant/covenant-partner-names.ts';
import type { Ground } from '../../policy/decision.ts';
import type { PurposeTitles } from '../../policy/purpose-titles.ts';
import type { Database } from '../../store/database.ts';
import {
  type AuditEntryView,
  type CategoryOutcome,
  entryView,
} from '../search/audit-entry-view.ts';
import type { ReasonDetail } from '../trail/audit-record.ts';
import {
  type CovertPurpose,
  holdOver,
  type InvestigationHold,
  investigationHolds,
} from './investigation-holds.ts';

/**
 * The person's copy goes into the letter; the privacy officer's copy is the officer's own
 * record of what the letter leaves out, and why.
 */
export type SubjectAccessCopy = 'person' | 'privacy_officer';

export interface SubjectAccessQuery {
  readonly network: string;
  /** The keyed pseudonym of the national identifier; the caller computes it. */
  readonly personPseudonym: string;
  /** The moment the report speaks for: holds in force then are applied. */
  readonly at: Date;
  readonly copy: SubjectAccessCopy;
}

export interface SubjectAccessOptions {
  /** The covenant's purpose titles (`covenantPurposeTitles`); without them, ids only. */
  readonly purposeTitles?: PurposeTitles;
}

/**
 * Each exchange entry is a row: the decision to pull or push, and for a push also whether
 * it reached the recipient, since only a delivered push was actually received.
 */
export const SUBJECT_ACCESS_EVENTS = {
  'exchange.pull': 'pull',
  'exchange.push': 'push',
  'exchange.push.delivered': 'push_delivered',
  'exchange.push.rejected': 'push_rejected',
} as const;
export type SubjectAccessEvent = (typeof SUBJECT_ACCESS_EVENTS)[keyof typeof SUBJECT_ACCESS_EVENTS];

/** Far more than a person gathers in years of case work; more is a fault, not a report. */
export const MAX_SUBJECT_ACCESS_ROWS = 10_000;
const BATCH = 500;

export interface Organisation {
  readonly id: string;
  /** As the network's partner list names it; null for an organisation no longer listed. */
  readonly name: string | null;
}

/** Why a row is kept out of the person's copy, in the privacy officer's copy only. */
export interface Withholding {
  readonly reason: 'INVESTIGATION_IN_FORCE';
  readonly purpose: CovertPurpose;
  readonly formalRequestId: string;
  /** The request's expiry: from then on the row is in the person's copy. */
  readonly until: string;
}

export interface SubjectAccessRow {
  /** The entry's place in the trail: the reference for a question about this row. */
  readonly seq: number;
  readonly at: string;
  readonly event: SubjectAccessEvent;
  readonly caseId: string | null;
  /** Pull: who held the data; push: who sent it. */
  readonly provider: Organisation | null;
  /** Pull: who asked for it; push: who it was sent to. */
  readonly recipient: Organisation | null;
  /**
   * The organisation that asked (pull) or sent (push). The employee and their role are in
   * the privacy officer's copy only: the person is owed the organisation, the officer
   * checks the people.
   */
  readonly requester: {
    readonly organisation: Organisation;
    readonly user?: string | null;
    readonly role?: string | null;
  } | null;
  readonly purpose: { readonly id: string; readonly title: string | null } | null;
  /** Null for an entry written before requests were recorded apart from releases. */
  readonly requestedCategories: readonly string[] | null;
  readonly releasedCategories: readonly string[];
  readonly decision: 'allow' | 'deny' | null;
  readonly reasons: readonly ReasonDetail[];
  readonly outcomes: readonly CategoryOutcome[];
  readonly grounds: Readonly<Record<string, Ground>>;
  /** Privacy officer's copy only. */
  readonly exchangeId?: string | null;
  /** Privacy officer's copy only, and only on a row the person's copy leaves out. */
  readonly withheld?: Withholding;
}

export interface SubjectAccessReport {
  readonly network: { readonly id: string; readonly name: string };
  readonly copy: SubjectAccessCopy;
  readonly personPseudonym: string;
  readonly at: string;
  /** Oldest first, as a letter tells it. */
  readonly rows: readonly SubjectAccessRow[];
}

/** The person has more exchange entries than one report holds. */
export class SubjectAccessTooLargeError extends CodedError<'SUBJECT_ACCESS_TOO_LARGE'> {
  constructor() {
    super(
      'SUBJECT_ACCESS_TOO_LARGE',
      `a subject access report holds at most ${MAX_SUBJECT_ACCESS_ROWS} exchanges; search the trail by person instead`,
    );
  }
}

/**
 * Every exchange about one person in every case of the network, allowed and denied. While
 * an approved formal request for a criminal investigation or prosecution is in force, its
 * exchanges are left out of the person's copy without a trace (no count, no gap marker),
 * and the privacy officer's copy marks them withheld with the request and its expiry.
 *
 * @example
 * const report = await subjectAccessReport(db, {
 *   network: 'bonaire', personPseudonym, at: new Date(), copy: 'person' });
 */
export async function subjectAccessReport(
  db: Kysely<Database>,
  query: SubjectAccessQuery,
  options: SubjectAccessOptions = {},
): Promise<SubjectAccessReport> {
  const network = await db
    .selectFrom('networks')
    .select(['id', 'name'])
    .where('id', '=', query.network)
    .executeTakeFirst();
  if (network === undefined) throw new NotFoundError('network');
  const holds = await investigationHolds(db, query.network, query.personPseudonym, query.at);
  const names = await covenantPartnerNames(db, query.network);
  const organisation = (id: string): Organisation => ({ id, name: names.get(id) ?? null });
  const titles = options.purposeTitles ?? new Map<string, string>();
  const officer = query.copy === 'privacy_officer';

  const rows: SubjectAccessRow[] = [];
  for await (const entry of exchangeEntries(db, query)) {
    const hold = holdOver(entry, holds);
    if (hold !== undefined && !officer) continue;
    const requester = entry.requester;
    rows.push({
      seq: entry.seq,
      at: entry.at,
      event: SUBJECT_ACCESS_EVENTS[entry.type as keyof typeof SUBJECT_ACCESS_EVENTS],
      caseId: entry.caseId,
      provider: entry.provider === null ? null : organisation(entry.provider),
      recipient: entry.recipient === null ? null : organisation(entry.recipient),
      requester:
        requester === null
          ? null
          : {
              organisation: organisation(requester.organisation),
              ...(officer ? { user: requester.user, role: requester.role } : {}),
            },
      purpose:
        entry.purpose === null
          ? null
          : { id: entry.purpose, title: titles.get(entry.purpose) ?? null },
      requestedCategories: entry.requestedCategories,
      releasedCategories: entry.releasedCategories,
      decision: entry.decision,
      reasons: entry.reasons,
      outcomes: entry.outcomes,
      grounds: entry.grounds,
      ...(officer ? { exchangeId: entry.exchangeId } : {}),
      ...(officer && hold !== undefined ? { withheld: withholding(hold) } : {}),
    });
  }
  return {
    network: { id: network.id, name: network.name },
    copy: query.copy,
    personPseudonym: query.personPseudonym,
    at: query.at.toISOString(),
    rows,
  };
}

/**
 * The person's exchange entries in the network, oldest first, read along the index on
 * (person_pseudonym, seq) a batch at a time. The bound counts every exchange entry, withheld
 * or not, so that hitting it says nothing about an investigation.
 */
async function* exchangeEntries(
  db: Kysely<Database>,
  query: SubjectAccessQuery,
): AsyncGenerator<AuditEntryView> {
  let after = 0;
  let read = 0;
  for (;;) {
    const batch = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('person_pseudonym', '=', query.personPseudonym)
      .where('seq', '>', after)
      .where('network_id', '=', query.network)
      .where('event_type', 'in', Object.keys(SUBJECT_ACCESS_EVENTS))
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    read += batch.length;
    if (read > MAX_SUBJECT_ACCESS_ROWS) throw new SubjectAccessTooLargeError();
    for (const row of batch) yield entryView(row);
    const last = batch.at(-1);
    if (last === undefined || batch.length < BATCH) return;
    after = Number(last.seq);
  }
}

function withholding(hold: InvestigationHold): Withholding {
  return {
    reason: 'INVESTIGATION_IN_FORCE',
    purpose: hold.purpose,
    formalRequestId: hold.formalRequestId,
    until: hold.until,
  };
}
