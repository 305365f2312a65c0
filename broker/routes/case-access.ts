import type { Context } from 'hono';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import { CaseRoleRequiredError } from '../errors/broker-error.ts';
import type { IdentityVariables } from '../identity/identity-middleware.ts';
import type { Actor } from '../store/actor.ts';
import type { CaseView } from '../store/case-registry.ts';
import type { CaseViewer, VisibleCase } from '../store/visible-cases.ts';
import type { ApiDependencies } from './api-routes.ts';

/** The actor of a change: the certificate's organisation and the assertion's user, nothing else. */
export function actorOf(c: Context<{ Variables: IdentityVariables }>): Actor {
  return { organisation: c.get('partner').organisation, user: c.get('user').userId };
}

/** The caller as the visibility rule sees them (store/visible-cases.ts). */
export function viewerOf(c: Context<{ Variables: IdentityVariables }>): CaseViewer {
  return { ...actorOf(c), claimedRole: c.get('user').role };
}

/**
 * The case, if the caller may see it by the one rule the case lists use too
 * (store/visible-cases.ts): an employee of an organisation that takes part in it, or the
 * network's process direction. Anyone else gets exactly the error of a case that does not
 * exist, so a denial reveals nothing, not even existence.
 *
 * @example
 * const view = await visibleCase(deps, c, caseId);
 */
export async function visibleCase(
  deps: ApiDependencies,
  c: Context<{ Variables: IdentityVariables }>,
  caseId: string,
): Promise<CaseView> {
  return (await visibleCaseWithParticipants(deps, c, caseId)).view;
}

/**
 * As visibleCase, also returning the participants it read and the role the caller acts in
 * in an exchange (what the case records for the employee; see visible-cases.ts).
 */
export async function visibleCaseWithParticipants(
  deps: ApiDependencies,
  c: Context<{ Variables: IdentityVariables }>,
  caseId: string,
): Promise<VisibleCase> {
  return deps.store.visibleCases.one(deps.network, caseId, viewerOf(c));
}

/**
 * The role the caller takes part in an exchange of the case in: the one the case records
 * for this employee. A colleague of a participant sees the case but gets
 * CASE_ROLE_REQUIRED until the process director adds them.
 */
export async function exchangeRole(
  deps: ApiDependencies,
  c: Context<{ Variables: IdentityVariables }>,
  caseId: string,
  action: 'pull' | 'push',
): Promise<CaseRole> {
  const { role } = await visibleCaseWithParticipants(deps, c, caseId);
  if (role === null) throw new CaseRoleRequiredError('case_participant', action);
  return role;
}
