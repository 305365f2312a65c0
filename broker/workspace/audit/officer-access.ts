import { createMiddleware } from 'hono/factory';
import { formatTraceparent } from '../../../adapters/contract/trace-context.ts';
import { type AuditScope, auditScope } from '../../audit/search/audit-scope.ts';
import { type AuditRead, readRecord } from '../../audit/search/read-record.ts';
import { PrivacyOfficerRequiredError } from '../../errors/broker-error.ts';
import type {
  WorkspaceContext,
  WorkspaceDependencies,
  WorkspaceEnv,
} from '../workspace-context.ts';

/**
 * The audit pages are the privacy officer's, as the API's audit routes are: anyone else
 * is refused before anything is read, with the API's error (and so its refusal entry).
 */
export const requirePrivacyOfficer = createMiddleware<WorkspaceEnv>(async (c, next) => {
  if (c.get('user').role !== 'privacy_officer') {
    throw new PrivacyOfficerRequiredError(`${c.req.method} ${c.req.path}`, 'any');
  }
  await next();
});

/**
 * What the privacy officer may read, by the API's one rule (audit-scope.ts): the
 * network's officer every entry, a partner's only its organisation's.
 */
export async function officerScope(
  deps: WorkspaceDependencies,
  c: WorkspaceContext,
  action: string,
  needs: 'any' | 'network' = 'any',
): Promise<AuditScope> {
  const network = await deps.store.networks.getNetwork(deps.network);
  const scope = auditScope(c.get('partner').organisation, network.coordinatorOrganisation);
  if (needs === 'network' && scope.kind !== 'network') {
    throw new PrivacyOfficerRequiredError(action, 'network');
  }
  return scope;
}

/**
 * The page view's own `audit.search` entry, as the API's (read-record.ts), through the
 * workspace: durable before the page leaves.
 */
export async function recordRead(
  deps: WorkspaceDependencies,
  c: WorkspaceContext,
  read: Pick<AuditRead, 'action' | 'details' | 'caseId' | 'personPseudonym'>,
): Promise<void> {
  const user = c.get('user');
  await deps.store.audit.append(
    readRecord({
      ...read,
      network: deps.network,
      reader: { organisation: c.get('partner').organisation, user: user.userId, role: user.role },
      via: 'workspace',
      requestId: c.get('requestId'),
      traceparent: formatTraceparent(c.get('trace')),
    }),
  );
}
