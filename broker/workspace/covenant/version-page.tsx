import { z } from 'zod';
import { COVENANT_VERSION_ID_PATTERN } from '../../covenant/covenant-id.ts';
import { covenantVersionDetail } from '../../covenant/covenant-overview.ts';
import type { CovenantVersion } from '../../covenant/covenant-register.ts';
import { parseForm } from '../form-input.ts';
import { Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { type PageContext, pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { covenantSections, impactReaderOf } from './covenant-access.ts';
import { DECISION_BADGE, DECISION_WORDS } from './covenant-words.ts';
import { PartnerTable, shownTime, VersionFacts } from './version-parts.tsx';

const WORDS = {
  title: { nl: 'Convenantversie', en: 'Covenant version' },
  purposes: { nl: 'Doelen en hun categorieën', en: 'Purposes and their categories' },
  purpose: { nl: 'Doel', en: 'Purpose' },
  kind: { nl: 'Soort', en: 'Kind' },
  categories: {
    nl: 'Categorieën (en de domeinen die ze mogen ontvangen)',
    en: 'Categories (and the domains that may receive them)',
  },
  noMatrix: { nl: 'geen eigen categorieën', en: 'no categories of its own' },
  partners: { nl: 'Partners en hun besluit', en: 'Partners and their decisions' },
  decisions: { nl: 'Elk ondertekend besluit', en: 'Every signed decision' },
  noDecisions: { nl: 'Nog geen besluit.', en: 'No decision yet.' },
  organisation: { nl: 'Organisatie', en: 'Organisation' },
  decision: { nl: 'Besluit', en: 'Decision' },
  signedAt: { nl: 'Ondertekend', en: 'Signed' },
  recordedAt: { nl: 'Vastgelegd', en: 'Recorded' },
  recordedBy: { nl: 'Ingediend door', en: 'Submitted by' },
} as const;

const paramsSchema = z.object({ versionId: z.string().regex(COVENANT_VERSION_ID_PATTERN) });

/** What the policy reads of a purpose: its kind and, for a case process, its matrix. */
const purposeSchema = z.looseObject({
  kind: z.string().optional(),
  matrix: z.record(z.string(), z.array(z.string())).optional(),
});

interface PurposeRow {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly categories: readonly { readonly category: string; readonly domains: string[] }[];
}

function purposeRows(version: CovenantVersion): PurposeRow[] {
  return Object.entries(version.content.purposes).map(([id, purpose]) => {
    const parsed = purposeSchema.safeParse(purpose);
    const matrix = parsed.success ? (parsed.data.matrix ?? {}) : {};
    return {
      id,
      title: purpose.title,
      kind: parsed.success ? (parsed.data.kind ?? '—') : '—',
      categories: Object.entries(matrix)
        .map(([category, domains]) => ({ category, domains }))
        .sort((a, b) => a.category.localeCompare(b.category)),
    };
  });
}

/**
 * GET /covenant/versions/{id}: a version as GET /v1/covenant/versions/{id} gives it, for
 * everyone signed in as there: its purposes with the categories each lets go and to which
 * domains, its partners' standing decisions, and every signed decision in recorded order.
 */
export function registerVersionPage(routes: WorkspaceRoutes, deps: WorkspaceDependencies): void {
  routes.get('/versions/:versionId', async (c) => {
    const ctx = pageContext(c);
    const { versionId } = parseForm(paramsSchema, c.req.param());
    const detail = await covenantVersionDetail(deps.store, deps.network, versionId);
    const mayReadImpact = (await impactReaderOf(deps, c)) !== null;
    const { say } = ctx;
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={covenantSections(ctx, mayReadImpact)}>
        <p>
          <strong>{detail.summary.version}</strong> — {String(detail.version.content.name)}
        </p>
        <VersionFacts ctx={ctx} summary={detail.summary} linkContent={false} />
        <h2>{say(WORDS.purposes)}</h2>
        <PurposeTable ctx={ctx} rows={purposeRows(detail.version)} />
        <h2>{say(WORDS.partners)}</h2>
        <PartnerTable ctx={ctx} summary={detail.summary} />
        <h2>{say(WORDS.decisions)}</h2>
        {detail.decisions.length === 0 ? (
          <p class="notice">{say(WORDS.noDecisions)}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{say(WORDS.organisation)}</th>
                  <th scope="col">{say(WORDS.decision)}</th>
                  <th scope="col">{say(WORDS.signedAt)}</th>
                  <th scope="col">{say(WORDS.recordedAt)}</th>
                  <th scope="col">{say(WORDS.recordedBy)}</th>
                </tr>
              </thead>
              <tbody>
                {detail.decisions.map((decision) => (
                  <tr>
                    <td>
                      <code>{decision.organisation}</code>
                    </td>
                    <td>
                      <span class={DECISION_BADGE[decision.decision]}>
                        {say(DECISION_WORDS[decision.decision])}
                      </span>
                    </td>
                    <td>{shownTime(decision.signedAt)}</td>
                    <td>{shownTime(decision.recordedAt)}</td>
                    <td>{decision.recordedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Page>,
    );
  });
}

function PurposeTable({
  ctx,
  rows,
}: {
  readonly ctx: PageContext;
  readonly rows: readonly PurposeRow[];
}) {
  const { say } = ctx;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{say(WORDS.purpose)}</th>
            <th scope="col">{say(WORDS.kind)}</th>
            <th scope="col">{say(WORDS.categories)}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">
                {row.title}
                <br />
                <code>{row.id}</code>
              </th>
              <td>{row.kind}</td>
              <td>
                {row.categories.length === 0 ? (
                  say(WORDS.noMatrix)
                ) : (
                  <ul class="categories">
                    {row.categories.map(({ category, domains }) => (
                      <li>
                        <code>{category}</code> ({domains.join(', ')})
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
