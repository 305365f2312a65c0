import { covenantOverview } from '../../covenant/covenant-overview.ts';
import { Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { covenantSections, impactReaderOf } from './covenant-access.ts';
import { decisionTally, PartnerTable, VersionFacts } from './version-parts.tsx';

const WORDS = {
  title: { nl: 'Convenant', en: 'Covenant' },
  inForce: { nl: 'Van kracht', en: 'In force' },
  noneInForce: { nl: 'Geen versie is van kracht', en: 'No version is in force' },
  partnersInForce: {
    nl: 'De partners van de versie die van kracht is, en hun besluit',
    en: 'The partners of the version in force, and their decisions',
  },
  pending: { nl: 'Voorgesteld, nog niet van kracht', en: 'Proposed, not yet in force' },
  nonePending: { nl: 'Er is geen versie voorgesteld.', en: 'No version is proposed.' },
  partnersPending: {
    nl: 'Wie deze versie aanvaardde, afwees of introk, en wie nog niet besliste',
    en: 'Who accepted, rejected or revoked this version, and who has not decided yet',
  },
  impact: {
    nl: 'Wat een kandidaat-bundel anders zou beslissen: de impact van een kandidaat.',
    en: 'What a candidate bundle would decide differently: the impact of a candidate.',
  },
} as const;

/**
 * GET /covenant: the covenant as GET /v1/covenant gives it (covenant-overview.ts): the
 * version in force with each partner's standing decision, and the versions pending with
 * who decided what. Open to everyone signed in, as the API's read is: a partner sees
 * what it is asked to sign, and the covenant holds no personal data, so no read entry.
 */
export function registerCovenantPage(routes: WorkspaceRoutes, deps: WorkspaceDependencies): void {
  routes.get('/', async (c) => {
    const ctx = pageContext(c);
    const overview = await covenantOverview(
      deps.store,
      deps.network,
      c.get('partner').organisation,
    );
    const mayReadImpact = (await impactReaderOf(deps, c)) !== null;
    const { say } = ctx;
    const { inForce } = overview;
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={covenantSections(ctx, mayReadImpact)}>
        <section aria-labelledby="in-force-heading">
          <h2 id="in-force-heading">
            {say(WORDS.inForce)}
            {inForce === null ? null : `: ${inForce.version}`}
          </h2>
          {inForce === null ? (
            <p class="alert">
              {say(WORDS.noneInForce)}
              {overview.notInForceReason === null ? null : `: ${overview.notInForceReason}`}
            </p>
          ) : (
            <>
              <VersionFacts ctx={ctx} summary={inForce} />
              <p>{decisionTally(ctx, inForce.partners)}</p>
              <PartnerTable ctx={ctx} summary={inForce} caption={say(WORDS.partnersInForce)} />
            </>
          )}
        </section>
        <h2>{say(WORDS.pending)}</h2>
        {overview.pending.length === 0 ? (
          <p class="notice">{say(WORDS.nonePending)}</p>
        ) : (
          overview.pending.map((summary, index) => (
            <section class="version" aria-labelledby={`pending-${index}`}>
              <h3 id={`pending-${index}`}>{summary.version}</h3>
              <VersionFacts ctx={ctx} summary={summary} />
              <p>{decisionTally(ctx, summary.partners)}</p>
              <PartnerTable ctx={ctx} summary={summary} caption={say(WORDS.partnersPending)} />
            </section>
          ))
        )}
        {mayReadImpact ? (
          <p>
            <a href={ctx.link('/covenant/impact')}>{say(WORDS.impact)}</a>
          </p>
        ) : null}
      </Page>,
    );
  });
}
