import type { CategoryChange, ImpactReport } from '../../covenant/impact/impact-report.ts';
import { BarChart } from '../bar-chart.tsx';
import { filled, type Words } from '../language.ts';
import type { PageContext } from '../workspace-context.ts';
import { shownTime } from './version-parts.tsx';

const WORDS = {
  heading: { nl: 'Wat zou veranderen', en: 'What would change' },
  candidate: { nl: 'Kandidaat', en: 'Candidate' },
  revision: { nl: 'Revisie', en: 'Revision' },
  window: { nl: 'Beslissingen', en: 'Decisions' },
  windowRange: {
    nl: 'van {from} tot {to} ({days} dagen)',
    en: 'from {from} to {to} ({days} days)',
  },
  decided: { nl: 'Opnieuw beslist', en: 'Decided again' },
  changed: { nl: 'Waarvan anders', en: 'Of which would change' },
  unreadable: { nl: 'Onleesbare invoer, overgeslagen', en: 'Unreadable inputs, left out' },
  unreadableByCandidate: {
    nl: 'Invoer die de kandidaat niet kan lezen (INPUT_INVALID), overgeslagen: bewaard voordat de invoer van het beleid van vorm veranderde, of een kandidaat die de invoer van de broker niet meer leest',
    en: "Inputs the candidate cannot read (INPUT_INVALID), left out: kept before the policy's input changed shape, or a candidate that no longer reads the broker's input",
  },
  term: {
    nl: 'Het convenant van de kandidaat loopt van {from} tot {to}; de kandidaat besliste alsof het over het hele venster van kracht was.',
    en: "The candidate's covenant runs from {from} to {to}; the candidate decided as if it were in force over the whole window.",
  },
  totals: {
    nl: '{denied} toegestaan zou worden geweigerd, {allowed} geweigerd zou worden toegestaan, {unchanged} ongewijzigd (categorieën van {decisions} beslissingen).',
    en: '{denied} allowed would be denied, {allowed} denied would be allowed, {unchanged} unchanged (categories of {decisions} decisions).',
  },
  none: { nl: 'Geen beslissing zou veranderen.', en: 'No decision would change.' },
  chart: {
    nl: 'Categorieën die anders zouden uitvallen, per partner en categorie',
    en: 'Categories that would come out differently, per partner and category',
  },
  table: {
    nl: 'Per partner, doel, categorie en reden',
    en: 'Per partner, purpose, category and reason',
  },
  partner: { nl: 'Partner (ontvanger)', en: 'Partner (recipient)' },
  purpose: { nl: 'Doel', en: 'Purpose' },
  category: { nl: 'Categorie', en: 'Category' },
  change: { nl: 'Verandering', en: 'Change' },
  reasons: { nl: 'Redenen', en: 'Reasons' },
  count: { nl: 'Aantal', en: 'Count' },
  noReason: { nl: 'geen reden gegeven', en: 'no reason given' },
} as const;

const CHANGE_WORDS: Readonly<Record<CategoryChange, Words>> = {
  allowed_to_denied: { nl: 'toegestaan → geweigerd', en: 'allowed → denied' },
  denied_to_allowed: { nl: 'geweigerd → toegestaan', en: 'denied → allowed' },
};

const CHANGE_BADGE: Readonly<Record<CategoryChange, string>> = {
  allowed_to_denied: 'badge deny',
  denied_to_allowed: 'badge allow',
};

/**
 * The impact report as the CLI prints it (impact-text.ts), in the page's language: the
 * window and its counts, the term the candidate states when it does not cover the window,
 * the groups of changes as a bar chart and as a table, and the totals.
 */
export function ImpactReportView({
  ctx,
  report,
  candidate,
}: {
  readonly ctx: PageContext;
  readonly report: ImpactReport;
  readonly candidate: string;
}) {
  const { say } = ctx;
  const term = report.candidateTerm;
  const termOutsideWindow =
    term !== null && (term.notBefore > report.from || term.notAfter < report.to);
  return (
    <section aria-labelledby="impact-heading">
      <h2 id="impact-heading">{say(WORDS.heading)}</h2>
      <dl class="record">
        <dt>{say(WORDS.candidate)}</dt>
        <dd>{candidate}</dd>
        <dt>{say(WORDS.revision)}</dt>
        <dd>
          <code>{report.candidateRevision}</code>
        </dd>
        <dt>{say(WORDS.window)}</dt>
        <dd>
          {filled(say(WORDS.windowRange), {
            from: shownTime(report.from),
            to: shownTime(report.to),
            days: report.days,
          })}
        </dd>
        <dt>{say(WORDS.decided)}</dt>
        <dd class="decided">{String(report.decisions)}</dd>
        <dt>{say(WORDS.changed)}</dt>
        <dd class="changed">{String(report.changedDecisions)}</dd>
        {report.unreadable === 0 ? null : (
          <>
            <dt>{say(WORDS.unreadable)}</dt>
            <dd>{String(report.unreadable)}</dd>
          </>
        )}
        {report.unreadableByCandidate === 0 ? null : (
          <>
            <dt>{say(WORDS.unreadableByCandidate)}</dt>
            <dd class="unreadable-by-candidate">{String(report.unreadableByCandidate)}</dd>
          </>
        )}
      </dl>
      {termOutsideWindow ? (
        <p class="notice">
          {filled(say(WORDS.term), {
            from: shownTime(term.notBefore),
            to: shownTime(term.notAfter),
          })}
        </p>
      ) : null}
      {report.changes.length === 0 ? (
        <p class="notice">{say(WORDS.none)}</p>
      ) : (
        <>
          <BarChart
            id="impact-chart"
            title={say(WORDS.chart)}
            bars={report.changes.map((group) => ({
              label: `${group.category} · ${group.partner.id}`,
              value: group.count,
            }))}
          />
          <div class="table-wrap">
            <table class="impact">
              <caption>{say(WORDS.table)}</caption>
              <thead>
                <tr>
                  <th scope="col">{say(WORDS.partner)}</th>
                  <th scope="col">{say(WORDS.purpose)}</th>
                  <th scope="col">{say(WORDS.category)}</th>
                  <th scope="col">{say(WORDS.change)}</th>
                  <th scope="col">{say(WORDS.reasons)}</th>
                  <th scope="col" class="number">
                    {say(WORDS.count)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.changes.map((group) => (
                  <tr>
                    <th scope="row">
                      {group.partner.name === null ? null : `${group.partner.name} `}
                      <code>{group.partner.id}</code>
                    </th>
                    <td>{group.purpose}</td>
                    <td>{group.category}</td>
                    <td>
                      <span class={CHANGE_BADGE[group.change]}>
                        {say(CHANGE_WORDS[group.change])}
                      </span>
                    </td>
                    <td>
                      {group.reasons.length === 0 ? say(WORDS.noReason) : group.reasons.join(', ')}
                    </td>
                    <td class="number">{String(group.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p class="totals">
        {filled(say(WORDS.totals), {
          denied: report.totals.allowedToDenied,
          allowed: report.totals.deniedToAllowed,
          unchanged: report.totals.unchanged,
          decisions: report.decisions,
        })}
      </p>
    </section>
  );
}
