import type { CaseRole } from '../../../policies/vocabulary/case-roles.ts';
import type { AuditRecord, EventDetails } from '../trail/audit-record.ts';

/** What a privacy officer read: the actions of the API's audit routes and of `npm run audit`. */
export type AuditReadAction = 'search' | 'entry' | 'subject_access' | 'statistics' | 'export';

/** One read of the trail, by whom and through which door. */
export interface AuditRead {
  readonly network: string;
  readonly reader: {
    readonly organisation: string;
    readonly user: string;
    readonly role: CaseRole;
  };
  readonly action: AuditReadAction;
  /** `api`: a partner's privacy officer over the API; `cli`: an operator on the database; `workspace`: a privacy officer in the browser. */
  readonly via: 'api' | 'cli' | 'workspace';
  /** Names, codes and counts of the read; never the person (see `filterDetails`). */
  readonly details: EventDetails;
  readonly caseId?: string | undefined;
  readonly personPseudonym?: string | undefined;
  readonly requestId?: string | undefined;
  readonly traceparent?: string | undefined;
}

/**
 * Reading the trail is processing too: each read is an entry of its own, naming who read
 * what (the person only as the pseudonym). The API and the CLI record the same entry, so
 * that a search for who searched finds both.
 *
 * @example
 * await store.audit.append(readRecord({ network, reader, action: 'search', via: 'cli',
 *   details: { ...filterDetails(filters), results: 3 } }));
 */
export function readRecord(read: AuditRead): AuditRecord {
  return {
    type: 'audit.search',
    network: read.network,
    requester: read.reader,
    ...(read.caseId === undefined ? {} : { caseId: read.caseId }),
    ...(read.personPseudonym === undefined ? {} : { personPseudonym: read.personPseudonym }),
    ...(read.requestId === undefined ? {} : { requestId: read.requestId }),
    ...(read.traceparent === undefined ? {} : { traceparent: read.traceparent }),
    details: { action: read.action, via: read.via, ...read.details },
  };
}

/**
 * The filters as they are recorded in the read's own entry: names and codes, no person.
 * The case goes into the entry's own column instead.
 */
export function filterDetails(filters: Readonly<Record<string, unknown>>): EventDetails {
  const details: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(filters)) {
    if (name === 'nationalId' || name === 'caseId' || value === undefined) continue;
    details[name] =
      typeof value === 'number'
        ? value
        : value instanceof Date
          ? value.toISOString()
          : String(value);
  }
  return details;
}
