import { PrivacyOfficerRequiredError } from '../../errors/broker-error.ts';
import type { BrokerStore } from '../../store/broker-store.ts';
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
