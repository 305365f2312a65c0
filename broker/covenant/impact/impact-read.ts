import type { AuditRecord } from '../../audit/trail/audit-record.ts';
import type { ImpactReport } from './impact-report.ts';

/**
 * Running the report reads the kept inputs of every case in the window: processing of
 * pseudonymous case data like a read of the trail, so it is an `audit.search` entry
 * (`details.action: 'covenant_impact'`) of the network's process director, who proposes
 * covenant versions, naming the candidate and what the report found, never a case.
 */
export function impactReportRead(read: {
  readonly network: string;
  readonly reader: { readonly organisation: string; readonly user: string };
  readonly report: ImpactReport;
}): AuditRecord {
  const { report } = read;
  return {
    type: 'audit.search',
    network: read.network,
    requester: { ...read.reader, role: 'process_director' },
    details: {
      action: 'covenant_impact',
      via: 'cli',
      candidate_revision: report.candidateRevision,
      from: report.from,
      to: report.to,
      decisions: report.decisions,
      changed_decisions: report.changedDecisions,
    },
  };
}
