import { z } from 'zod';
import { formatTraceparent } from '../../../adapters/contract/trace-context.ts';
import {
  type CandidateDirectory,
  candidatePath,
  type ListedCandidate,
  listCandidates,
} from '../../covenant/impact/candidate-directory.ts';
import { loadCandidatePolicy } from '../../covenant/impact/candidate-policy.ts';
import { impactReportRead } from '../../covenant/impact/impact-read.ts';
import {
  DEFAULT_IMPACT_DAYS,
  type ImpactReport,
  impactReport,
  impactWindowEndingAt,
  MAX_IMPACT_DAYS,
} from '../../covenant/impact/impact-report.ts';
import { PolicyBundleRefusedError, PolicyUnavailableError } from '../../errors/broker-error.ts';
import { parseForm } from '../form-input.ts';
import { FormToken, Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { type PageContext, pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { covenantSections, requireImpactReader } from './covenant-access.ts';
import { ImpactReportView } from './impact-report-view.tsx';

const WORDS = {
  title: { nl: 'Impact van een kandidaat', en: 'Impact of a candidate' },
  intro: {
    nl: 'Beslist de uitwisselingen van de afgelopen dagen opnieuw onder een kandidaat-beleidsbundel, op de invoer die de broker ervan bewaarde, en telt per partner, doel, categorie en reden wat anders zou uitvallen. Er gaat niets naar een adapter en niets wordt geactiveerd; elke run komt in het auditlog.',
    en: 'Decides the exchanges of the last days again under a candidate policy bundle, on the inputs the broker kept of them, and counts per partner, purpose, category and reason what would come out differently. Nothing goes to any adapter and nothing is activated; every run is recorded in the audit trail.',
  },
  notConfigured: {
    nl: 'De broker kent geen map met kandidaat-bundels. Zet BROKER_POLICY_CANDIDATES op een map waarin elke kandidaat een eigen map is zoals npm run policy:build die schrijft (.manifest, policy.wasm, data.json), en start de broker opnieuw. Met BROKER_POLICY_VERIFICATION_KEY moet een kandidaat ondertekend zijn, zoals een bundel die de broker activeert.',
    en: 'The broker knows no directory of candidate bundles. Set BROKER_POLICY_CANDIDATES to a directory in which each candidate is a directory of its own as npm run policy:build writes one (.manifest, policy.wasm, data.json), and restart the broker. With BROKER_POLICY_VERIFICATION_KEY a candidate must be signed, as a bundle the broker activates.',
  },
  unreadable: {
    nl: 'De map met kandidaat-bundels (BROKER_POLICY_CANDIDATES) kan niet worden gelezen.',
    en: 'The directory of candidate bundles (BROKER_POLICY_CANDIDATES) cannot be read.',
  },
  empty: {
    nl: 'Er staat geen kandidaat-bundel in de map. Plaats er een als eigen map met .manifest, policy.wasm en data.json.',
    en: 'The directory holds no candidate bundle. Place one as a directory of its own with .manifest, policy.wasm and data.json.',
  },
  candidate: { nl: 'Kandidaat-bundel', en: 'Candidate bundle' },
  noRevision: { nl: 'geen revisie', en: 'no revision' },
  days: { nl: 'Aantal dagen terug', en: 'Number of days back' },
  daysHint: {
    nl: `1 tot ${MAX_IMPACT_DAYS}; de invoer wordt bewaard zo lang als de casusgegevens.`,
    en: `1 to ${MAX_IMPACT_DAYS}; inputs are kept as long as the case data.`,
  },
  run: { nl: 'Impact berekenen', en: 'Report the impact' },
  refused: {
    nl: 'Deze kandidaat kan niet worden gebruikt',
    en: 'This candidate cannot be used',
  },
} as const;

const impactFormSchema = z.object({
  candidate: z.string().min(1).max(100),
  days: z.coerce.number().int().min(1).max(MAX_IMPACT_DAYS),
});

type Shelf =
  | { readonly kind: 'not_configured' }
  | { readonly kind: 'unreadable' }
  | { readonly kind: 'listed'; readonly candidates: readonly ListedCandidate[] };

async function shelfOf(candidates: CandidateDirectory | null): Promise<Shelf> {
  if (candidates === null) return { kind: 'not_configured' };
  try {
    return { kind: 'listed', candidates: await listCandidates(candidates.dir) };
  } catch {
    return { kind: 'unreadable' };
  }
}

/**
 * GET and POST /covenant/impact: the impact report of a candidate bundle the operator
 * placed in BROKER_POLICY_CANDIDATES, for the network's process director and privacy
 * officer only (impact-reader.ts). The report is the CLI's: loadCandidatePolicy and
 * impactReport over the kept decisions of the chosen window, and the same
 * `covenant_impact` entry, durable before the page leaves.
 */
export function registerImpactPage(routes: WorkspaceRoutes, deps: WorkspaceDependencies): void {
  routes.get('/impact', async (c) => {
    await requireImpactReader(deps, c);
    const shelf = await shelfOf(deps.candidates);
    return renderPage(c, <ImpactPage ctx={pageContext(c)} shelf={shelf} chosen={{}} />);
  });

  routes.post('/impact', async (c) => {
    const reader = await requireImpactReader(deps, c);
    const form = parseForm(impactFormSchema, await c.req.parseBody());
    const ctx = pageContext(c);
    const shelf = await shelfOf(deps.candidates);
    if (deps.candidates === null || shelf.kind !== 'listed') {
      return renderPage(c, <ImpactPage ctx={ctx} shelf={shelf} chosen={form} />);
    }
    const dir = await candidatePath(deps.candidates.dir, form.candidate);
    const window = impactWindowEndingAt(deps.clock.now(), form.days);
    let policy: Awaited<ReturnType<typeof loadCandidatePolicy>>;
    try {
      policy = await loadCandidatePolicy(dir, {
        judgedOver: window,
        ...(deps.candidates.verificationKey === undefined
          ? {}
          : { verificationKey: deps.candidates.verificationKey }),
      });
    } catch (error) {
      if (!(error instanceof PolicyUnavailableError || error instanceof PolicyBundleRefusedError)) {
        throw error;
      }
      const refusal = { code: error.code, message: error.message };
      return renderPage(
        c,
        <ImpactPage ctx={ctx} shelf={shelf} chosen={form} refusal={refusal} />,
        422,
      );
    }
    const report = await impactReport(
      deps.store.decisions.between(deps.network, window.from, window.to),
      {
        revision: policy.revision,
        engine: policy.engine,
        partnerNames: policy.partnerNames(deps.network),
        term: policy.term(deps.network),
      },
      { network: deps.network, ...window },
    );
    await deps.store.audit.append(
      impactReportRead({
        network: deps.network,
        reader,
        via: 'workspace',
        report,
        requestId: c.get('requestId'),
        traceparent: formatTraceparent(c.get('trace')),
      }),
    );
    return renderPage(c, <ImpactPage ctx={ctx} shelf={shelf} chosen={form} report={report} />);
  });
}

interface Chosen {
  readonly candidate?: string;
  readonly days?: number;
}

function ImpactPage({
  ctx,
  shelf,
  chosen,
  refusal,
  report,
}: {
  readonly ctx: PageContext;
  readonly shelf: Shelf;
  readonly chosen: Chosen;
  readonly refusal?: { readonly code: string; readonly message: string };
  readonly report?: ImpactReport;
}) {
  const { say } = ctx;
  return (
    <Page ctx={ctx} title={WORDS.title} sections={covenantSections(ctx, true)}>
      <p>{say(WORDS.intro)}</p>
      {shelf.kind === 'not_configured' ? (
        <p class="notice">{say(WORDS.notConfigured)}</p>
      ) : shelf.kind === 'unreadable' ? (
        <p class="alert">{say(WORDS.unreadable)}</p>
      ) : shelf.candidates.length === 0 ? (
        <p class="notice">{say(WORDS.empty)}</p>
      ) : (
        <ImpactForm ctx={ctx} candidates={shelf.candidates} chosen={chosen} />
      )}
      {refusal === undefined ? null : (
        <p class="alert" role="alert">
          {say(WORDS.refused)}: <code>{refusal.code}</code> — {refusal.message}
        </p>
      )}
      {report === undefined || chosen.candidate === undefined ? null : (
        <ImpactReportView ctx={ctx} report={report} candidate={chosen.candidate} />
      )}
    </Page>
  );
}

function ImpactForm({
  ctx,
  candidates,
  chosen,
}: {
  readonly ctx: PageContext;
  readonly candidates: readonly ListedCandidate[];
  readonly chosen: Chosen;
}) {
  const { say } = ctx;
  return (
    <form
      class="filters"
      method="post"
      action={ctx.link('/covenant/impact')}
      aria-label={say(WORDS.title)}
    >
      <FormToken ctx={ctx} />
      <div>
        <label for="i-candidate">{say(WORDS.candidate)}</label>
        <select id="i-candidate" name="candidate" required>
          {candidates.map((candidate) => (
            <option value={candidate.name} selected={candidate.name === chosen.candidate}>
              {candidate.name} ({candidate.revision ?? say(WORDS.noRevision)})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="i-days">{say(WORDS.days)}</label>
        <input
          id="i-days"
          name="days"
          type="number"
          min={1}
          max={MAX_IMPACT_DAYS}
          required
          value={String(chosen.days ?? DEFAULT_IMPACT_DAYS)}
          aria-describedby="i-days-hint"
        />
      </div>
      <p id="i-days-hint" class="actions">
        {say(WORDS.daysHint)}
      </p>
      <div class="actions">
        <button type="submit">{say(WORDS.run)}</button>
      </div>
    </form>
  );
}
