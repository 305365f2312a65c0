import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { AuditRecord } from '../audit/trail/audit-record.ts';
import { BrokerError } from '../errors/broker-error.ts';

/** Who asks for the report, as the assertion and the certificate say. */
export interface ReportReader {
  readonly organisation: string;
  readonly user: string;
  readonly role: CaseRole;
}

/**
 * The process director of the network (an employee of its coordinating organisation in
 * that role) writes the yearly report; a privacy officer, the network's or a partner's,
 * oversees what the network does with case data. The tables are anonymous and their
 * small counts hidden, but they are about every case of the network, so nobody else.
 */
export function mayReadCaseReport(reader: ReportReader, coordinatorOrganisation: string): boolean {
  return (
    reader.role === 'privacy_officer' ||
    (reader.role === 'process_director' && reader.organisation === coordinatorOrganisation)
  );
}

export class CaseReportReaderRequiredError extends BrokerError {
  declare readonly code: 'CASE_REPORT_READER_REQUIRED';

  constructor() {
    super(
      'CASE_REPORT_READER_REQUIRED',
      "the case report needs the role privacy_officer, or process_director at the network's coordinating organisation",
    );
  }
}

/**
 * Reading the report is an `audit.search` entry like a privacy officer's reads of the
 * trail (`details.action: 'case_report'`), so one search finds who reported on what.
 */
export function caseReportRead(read: {
  readonly network: string;
  readonly reader: ReportReader;
  readonly via: 'api' | 'cli' | 'workspace';
  readonly details: {
    readonly from: number;
    readonly to: number;
    readonly threshold: number;
    readonly format: string;
  };
  readonly requestId?: string;
  readonly traceparent?: string;
}): AuditRecord {
  return {
    type: 'audit.search',
    network: read.network,
    requester: read.reader,
    ...(read.requestId === undefined ? {} : { requestId: read.requestId }),
    ...(read.traceparent === undefined ? {} : { traceparent: read.traceparent }),
    details: { action: 'case_report', via: read.via, ...read.details },
  };
}
