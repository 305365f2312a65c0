import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.ts';
import type { AuditEntryView } from '../search/audit-entry-view.ts';

/**
 * The reuse purposes whose exchanges a person is not told of while the request for them is
 * in force: telling would warn a suspect (the Estonian Data Tracker exempts covert
 * investigations the same way).
 */
export const COVERT_PURPOSES = ['criminal_investigation', 'prosecution'] as const;
export type CovertPurpose = (typeof COVERT_PURPOSES)[number];

/** An approved formal request for a covert purpose about the person, in force at the report. */
export interface InvestigationHold {
  readonly formalRequestId: string;
  readonly caseId: string;
  /** The organisation that asked for the reuse: the investigating one. */
  readonly requester: string;
  readonly purpose: CovertPurpose;
  /** Its expiry: from then on the person is told. */
  readonly until: string;
}

/**
 * The holds about the person (by pseudonym, in every case of the network) in force at `at`:
 * approved, decided by then and not yet expired. A person has a handful of formal requests,
 * so they are read whole; reading only some could leak an investigation.
 */
export async function investigationHolds(
  db: Kysely<Database>,
  network: string,
  personPseudonym: string,
  at: Date,
): Promise<InvestigationHold[]> {
  const moment = at.toISOString();
  const rows = await db
    .selectFrom('formal_requests as f')
    .innerJoin('persons as p', 'p.id', 'f.person_id')
    .innerJoin('cases as c', 'c.id', 'f.case_id')
    .select(['f.id', 'f.case_id', 'f.requester', 'f.purpose', 'f.expires_at'])
    .where('p.pseudonym', '=', personPseudonym)
    .where('c.network_id', '=', network)
    .where('f.status', '=', 'approved')
    .where('f.purpose', 'in', [...COVERT_PURPOSES])
    .where('f.decided_at', '<=', moment)
    .where('f.expires_at', '>', moment)
    .orderBy('f.id')
    .execute();
  return rows.map((row) => ({
    formalRequestId: row.id,
    caseId: row.case_id,
    requester: row.requester,
    purpose: row.purpose as CovertPurpose,
    until: row.expires_at as string,
  }));
}

/**
 * The hold an entry falls under, if any: its grounds name the request, or it is an exchange
 * for the hold's purpose by or to the investigating organisation in the hold's case. The
 * second catches what the grounds cannot: a denied attempt names no ground, yet it shows
 * the police at work just the same. Of several holds, the one that lasts longest counts,
 * since the entry stays hidden until the last of them ends.
 */
export function holdOver(
  entry: AuditEntryView,
  holds: readonly InvestigationHold[],
): InvestigationHold | undefined {
  const named = new Set(
    Object.values(entry.grounds)
      .filter((ground) => ground.type === 'formal_request')
      .map((ground) => ground.id),
  );
  const covering = holds.filter(
    (hold) =>
      named.has(hold.formalRequestId) ||
      (entry.caseId === hold.caseId &&
        entry.purpose === hold.purpose &&
        (entry.requester?.organisation === hold.requester || entry.recipient === hold.requester)),
  );
  return covering.reduce<InvestigationHold | undefined>(
    (longest, hold) => (longest === undefined || hold.until > longest.until ? hold : longest),
    undefined,
  );
}
