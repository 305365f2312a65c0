import type { AuditRecord } from '../../audit/trail/audit-record.ts';
import type { ImpactReport } from './impact-report.ts';

/** Who ran the report, and where: the network's process director or privacy officer. */
export interface ImpactReader {
  readonly organisation: string;
  readonly user: string;
  readonly role: 'process_director' | 'privacy_officer';
}

/**
 * Running the report reads the kept inputs of every case in the window: processing of
 * pseudonymous case data like a read of the trail, so it is an `audit.search` entry
 * (`details.action: 'covenant_impact'`) of its reader, naming the candidate and what the
 * report found, never a case.
 */
export function impactReportRead(read: {
  readonly network: string;
  readonly reader: ImpactReader;
  readonly via: 'cli' | 'workspace';
  readonly report: ImpactReport;
  readonly requestId?: string;
  readonly traceparent?: string;
}): AuditRecord {
  const { report } = read;
  return {
    type: 'audit.search',
    network: read.network,
    requester: read.reader,
    ...(read.requestId === undefined ? {} : { requestId: read.requestId }),
    ...(read.traceparent === undefined ? {} : { traceparent: read.traceparent }),
    details: {
      action: 'covenant_impact',
      via: read.via,
      candidate_revision: report.candidateRevision,
      from: report.from,
      to: report.to,
      decisions: report.decisions,
      changed_decisions: report.changedDecisions,
    },
  };
}
