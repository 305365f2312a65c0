import type { ImpactReader } from '../../covenant/impact/impact-read.ts';
import {
  CovenantImpactReaderRequiredError,
  mayReadImpactReport,
} from '../../covenant/impact/impact-reader.ts';
import type { Words } from '../language.ts';
import type { PageContext, WorkspaceContext, WorkspaceDependencies } from '../workspace-context.ts';

/**
 * The signed-in person as a reader of the impact report, by the one rule
 * (impact-reader.ts), or null when the rule does not let them read it.
 */
export async function impactReaderOf(
  deps: WorkspaceDependencies,
  c: WorkspaceContext,
): Promise<ImpactReader | null> {
  const { coordinatorOrganisation } = await deps.store.networks.getNetwork(deps.network);
  const reader = { organisation: c.get('partner').organisation, role: c.get('user').role };
  if (!mayReadImpactReport(reader, coordinatorOrganisation)) return null;
  return { organisation: reader.organisation, user: c.get('user').userId, role: reader.role };
}

/**
 * The impact pages' gate: anyone else is refused before anything is read, with the
 * rule's error, so the refusal is an `access.refused` entry like every other.
 */
export async function requireImpactReader(
  deps: WorkspaceDependencies,
  c: WorkspaceContext,
): Promise<ImpactReader> {
  const reader = await impactReaderOf(deps, c);
  if (reader === null) throw new CovenantImpactReaderRequiredError();
  return reader;
}

const COVENANT_SECTION: Words = { nl: 'Convenant', en: 'Covenant' };
const IMPACT_SECTION: Words = { nl: 'Impact van een kandidaat', en: 'Impact of a candidate' };

/** The module's own navigation: the impact report only for those who may run it. */
export function covenantSections(ctx: PageContext, mayReadImpact: boolean) {
  return [
    { href: ctx.link('/covenant'), label: COVENANT_SECTION },
    ...(mayReadImpact ? [{ href: ctx.link('/covenant/impact'), label: IMPACT_SECTION }] : []),
  ];
}
