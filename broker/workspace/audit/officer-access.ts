import { createMiddleware } from 'hono/factory';
import { formatTraceparent } from '../../../adapters/contract/trace-context.ts';
import type { AuditScope } from '../../audit/search/audit-scope.ts';
import {
  type AuditReader,
  type OfficerRead,
  privacyOfficerScope,
  recordAuditRead,
  requirePrivacyOfficer as requirePrivacyOfficerRole,
} from '../../audit/search/privacy-officer-access.ts';
import type { AuditRead } from '../../audit/search/read-record.ts';
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
  requirePrivacyOfficerRole(readerOf(c), `${c.req.method} ${c.req.path}`);
  await next();
});

function readerOf(c: WorkspaceContext): AuditReader {
  const user = c.get('user');
  return { organisation: c.get('partner').organisation, user: user.userId, role: user.role };
}

/**
 * What the privacy officer may read, by the API's one rule (audit-scope.ts): the
 * network's officer every entry, a partner's only its organisation's.
 */
export function officerScope(
  deps: WorkspaceDependencies,
  c: WorkspaceContext,
  action: string,
  needs: 'any' | 'network' = 'any',
): Promise<AuditScope> {
  return privacyOfficerScope(deps.store, deps.network, readerOf(c), action, needs);
}

/**
 * The page view's own `audit.search` entry, as the API's (read-record.ts), through the
 * workspace: durable before the page leaves.
 */
/** The officer's read through the workspace, for the shared reads of privacy-officer-access.ts. */
export function officerRead(deps: WorkspaceDependencies, c: WorkspaceContext): OfficerRead {
  return {
    store: deps.store,
    network: deps.network,
    reader: readerOf(c),
    via: 'workspace',
    trace: { requestId: c.get('requestId'), traceparent: formatTraceparent(c.get('trace')) },
  };
}

export function recordRead(
  deps: WorkspaceDependencies,
  c: WorkspaceContext,
  read: Pick<AuditRead, 'action' | 'details' | 'caseId' | 'personPseudonym'>,
): Promise<void> {
  const trace = { requestId: c.get('requestId'), traceparent: formatTraceparent(c.get('trace')) };
  return recordAuditRead(deps.store, deps.network, readerOf(c), 'workspace', trace, read);
}
