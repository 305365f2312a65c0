import type { CaseViewer } from '../../store/visible-cases.ts';
import type { WorkspaceContext } from '../workspace-context.ts';

/**
 * The signed-in person as the one visibility rule sees them (store/visible-cases.ts):
 * what routes/case-access.ts makes of a partner system's caller, made of the certificate.
 */
export function viewerOfPerson(c: WorkspaceContext): CaseViewer {
  return {
    organisation: c.get('partner').organisation,
    user: c.get('user').userId,
    claimedRole: c.get('user').role,
  };
}
