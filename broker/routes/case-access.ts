import type { Context } from 'hono';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { IdentityVariables } from '../identity/identity-middleware.ts';
import type { Actor } from '../store/actor.ts';
import type { CaseView } from '../store/case-registry.ts';
import type { ParticipantView } from '../store/participant-registry.ts';
import type { ApiDependencies } from './api-routes.ts';

/** The actor of a change: the certificate's organisation and the assertion's user, nothing else. */
export function actorOf(c: Context<{ Variables: IdentityVariables }>): Actor {
  return { organisation: c.get('partner').organisation, user: c.get('user').userId };
}

/** A case the caller may see, with its current participants as read for that check. */
export interface CaseWithParticipants {
  readonly view: CaseView;
  readonly participants: readonly ParticipantView[];
}

/**
 * The case, if the caller may see it: a current participant, or the coordinating
 * organisation's process director while the case waits to be taken up in triage. Anyone
 * else gets exactly the error of a case that does not exist, so a denial reveals nothing,
 * not even existence.
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
 * As visibleCase, also returning the participants it read, for a route that needs them
 * too (the pull, for the caller's role in the case) without reading them twice.
 */
export async function visibleCaseWithParticipants(
  deps: ApiDependencies,
  c: Context<{ Variables: IdentityVariables }>,
  caseId: string,
): Promise<CaseWithParticipants> {
  const actor = actorOf(c);
  const view = await deps.store.cases.get(deps.network, caseId);
  const participants = await deps.store.participants.list(deps.network, caseId);
  if (participants.some((p) => p.organisation === actor.organisation && p.user === actor.user)) {
    return { view, participants };
  }
  if (view.phase === 'registration' && c.get('user').role === 'process_director') {
    const network = await deps.store.networks.getNetwork(deps.network);
    if (network.coordinatorOrganisation === actor.organisation) return { view, participants };
  }
  throw new NotFoundError('case');
}
