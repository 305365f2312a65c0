import { PrivacyOfficerRequiredError } from '../../errors/broker-error.ts';
import type { BrokerStore } from '../../store/broker-store.ts';
import type { EntryRecord } from '../audit-queries.ts';
import type { StatisticsQuery, StatisticsTable } from '../statistics/exchange-statistics.ts';
import type {
  SubjectAccessOptions,
  SubjectAccessQuery,
  SubjectAccessReport,
} from '../subject-access/subject-access-report.ts';
import { type AuditScope, auditScope } from './audit-scope.ts';
import { type AuditRead, readRecord } from './read-record.ts';

/** Who reads the audit, as the API and the workspace both know them from the certificate. */
export type AuditReader = AuditRead['reader'];

/**
 * The audit is the privacy officer's: anyone else is refused before anything is read, by
 * the API's routes and the workspace's pages alike.
 */
export function requirePrivacyOfficer(reader: AuditReader, what: string): void {
  if (reader.role !== 'privacy_officer') throw new PrivacyOfficerRequiredError(what, 'any');
}

/**
 * What a privacy officer may read (audit-scope.ts): the network's officer every entry, a
 * partner's only its organisation's; `needs: 'network'` refuses a partner's officer.
 */
export async function privacyOfficerScope(
  store: BrokerStore,
  network: string,
  reader: AuditReader,
  action: string,
  needs: 'any' | 'network' = 'any',
): Promise<AuditScope> {
  const { coordinatorOrganisation } = await store.networks.getNetwork(network);
  const scope = auditScope(reader.organisation, coordinatorOrganisation);
  if (needs === 'network' && scope.kind !== 'network') {
    throw new PrivacyOfficerRequiredError(action, 'network');
  }
  return scope;
}

/** Each read is an entry of its own, durable before the answer or the page leaves. */
export async function recordAuditRead(
  store: BrokerStore,
  network: string,
  reader: AuditReader,
  via: AuditRead['via'],
  trace: { readonly requestId: string; readonly traceparent: string },
  read: Pick<AuditRead, 'action' | 'details' | 'caseId' | 'personPseudonym'>,
): Promise<void> {
  await store.audit.append(
    readRecord({
      ...read,
      network,
      reader,
      via,
      requestId: trace.requestId,
      traceparent: trace.traceparent,
    }),
  );
}

/** One read by a privacy officer: who, through which door, on which request. */
export interface OfficerRead {
  readonly store: BrokerStore;
  readonly network: string;
  readonly reader: AuditReader;
  readonly via: AuditRead['via'];
  readonly trace: { readonly requestId: string; readonly traceparent: string };
}

/** One entry with the checkpoint that covers it, within the officer's scope; recorded. */
export async function readAuditEntry(
  read: OfficerRead,
  seq: number,
): Promise<EntryRecord | undefined> {
  const scope = await privacyOfficerScope(
    read.store,
    read.network,
    read.reader,
    'reading an audit entry',
  );
  const record = await read.store.auditQueries.entry(read.network, scope, seq);
  if (record === undefined) return undefined;
  await recordAuditRead(read.store, read.network, read.reader, read.via, read.trace, {
    action: 'entry',
    caseId: record.entry.caseId ?? undefined,
    personPseudonym: record.entry.personPseudonym ?? undefined,
    details: { seq },
  });
  return record;
}

/**
 * The subject access report of the person with `nationalId`, for the network's privacy
 * officer only; recorded under the person's pseudonym, never the identifier.
 */
export async function readSubjectAccess(
  read: OfficerRead,
  request: {
    readonly nationalId: string;
    readonly copy: SubjectAccessQuery['copy'];
    readonly format: string;
  },
  at: Date,
  options: SubjectAccessOptions,
): Promise<SubjectAccessReport> {
  await privacyOfficerScope(
    read.store,
    read.network,
    read.reader,
    'a subject access report',
    'network',
  );
  const personPseudonym = read.store.persons.pseudonymOf(request.nationalId);
  const report = await read.store.auditQueries.subjectAccess(
    { network: read.network, personPseudonym, at, copy: request.copy },
    options,
  );
  await recordAuditRead(read.store, read.network, read.reader, read.via, read.trace, {
    action: 'subject_access',
    personPseudonym,
    details: { copy: request.copy, format: request.format, rows: report.rows.length },
  });
  return report;
}

/** The exchange statistics within the officer's scope; recorded with `details`. */
export async function readStatistics(
  read: OfficerRead,
  parameters: Omit<StatisticsQuery, 'network' | 'scope'>,
  details: AuditRead['details'],
): Promise<StatisticsTable> {
  const scope = await privacyOfficerScope(
    read.store,
    read.network,
    read.reader,
    'statistics of the audit trail',
  );
  const table = await read.store.auditQueries.statistics({
    ...parameters,
    network: read.network,
    scope,
  });
  await recordAuditRead(read.store, read.network, read.reader, read.via, read.trace, {
    action: 'statistics',
    details,
  });
  return table;
}
