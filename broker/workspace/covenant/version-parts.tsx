import type { CovenantVersionSummary, PartnerStanding } from '../../covenant/covenant-overview.ts';
import { filled } from '../language.ts';
import type { PageContext } from '../workspace-context.ts';
import { DECISION_BADGE, DECISION_WORDS } from './covenant-words.ts';

const WORDS = {
  id: { nl: 'Versie-id', en: 'Version id' },
  term: { nl: 'Looptijd', en: 'Term' },
  termRange: { nl: 'van {from} tot {to}', en: 'from {from} to {to}' },
  proposed: { nl: 'Voorgesteld', en: 'Proposed' },
  by: { nl: 'door', en: 'by' },
  bundle: { nl: 'Beleidsbundel', en: 'Policy bundle' },
  active: { nl: 'de actieve bundel voert deze versie uit', en: 'the active bundle implements it' },
  notActive: {
    nl: 'nog niet in de actieve bundel',
    en: 'not in the active bundle yet',
  },
  content: { nl: 'Inhoud', en: 'Content' },
  purposes: {
    nl: 'de doelen en categorieën van {version}',
    en: 'the purposes and categories of {version}',
  },
  partner: { nl: 'Partner', en: 'Partner' },
  domain: { nl: 'Domein', en: 'Domain' },
  decision: { nl: 'Besluit', en: 'Decision' },
  recordedAt: { nl: 'Vastgelegd', en: 'Recorded' },
  party: { nl: 'Partij nu', en: 'Party now' },
  yes: { nl: 'ja', en: 'yes' },
  no: { nl: 'nee', en: 'no' },
} as const;

/** An instant as the pages show it: its day, and its time when it is not midnight UTC. */
export function shownTime(instant: string): string {
  const [day = instant, time = ''] = instant.split('T');
  return time.startsWith('00:00:00') ? day : `${day} ${time.slice(0, 5)} UTC`;
}

/** What a version is: its id, its term, who proposed it, and whether the policy runs it. */
export function VersionFacts({
  ctx,
  summary,
  linkContent = true,
}: {
  readonly ctx: PageContext;
  readonly summary: CovenantVersionSummary;
  readonly linkContent?: boolean;
}) {
  const { say } = ctx;
  return (
    <dl class="record">
      <dt>{say(WORDS.id)}</dt>
      <dd>
        <code>{summary.id}</code>
      </dd>
      <dt>{say(WORDS.term)}</dt>
      <dd>
        {filled(say(WORDS.termRange), {
          from: shownTime(summary.notBefore),
          to: shownTime(summary.notAfter),
        })}
      </dd>
      <dt>{say(WORDS.proposed)}</dt>
      <dd>
        {shownTime(summary.proposedAt)} {say(WORDS.by)} {summary.proposedBy.user} (
        {summary.proposedBy.organisation})
      </dd>
      <dt>{say(WORDS.bundle)}</dt>
      <dd>{say(summary.active ? WORDS.active : WORDS.notActive)}</dd>
      {linkContent ? (
        <>
          <dt>{say(WORDS.content)}</dt>
          <dd>
            <a href={ctx.link(`/covenant/versions/${summary.id}`)}>
              {filled(say(WORDS.purposes), { version: summary.version })}
            </a>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** How many partners decided what, e.g. "9 accepted, 1 rejected, 2 not decided yet". */
export function decisionTally(ctx: PageContext, partners: readonly PartnerStanding[]): string {
  const counts = new Map<keyof typeof DECISION_WORDS, number>();
  for (const partner of partners) {
    const key = partner.decision ?? 'none';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (['accept', 'reject', 'revoke', 'none'] as const)
    .filter((key) => (counts.get(key) ?? 0) > 0)
    .map((key) => `${counts.get(key)} ${ctx.say(DECISION_WORDS[key])}`)
    .join(', ');
}

/** Each partner the version names, with its standing decision and when it was recorded. */
export function PartnerTable({
  ctx,
  summary,
  caption,
}: {
  readonly ctx: PageContext;
  readonly summary: CovenantVersionSummary;
  /** Needed where no heading names the table. */
  readonly caption?: string;
}) {
  const { say } = ctx;
  return (
    <div class="table-wrap">
      <table>
        {caption === undefined ? null : <caption>{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{say(WORDS.partner)}</th>
            <th scope="col">{say(WORDS.domain)}</th>
            <th scope="col">{say(WORDS.decision)}</th>
            <th scope="col">{say(WORDS.recordedAt)}</th>
            {summary.inForce ? <th scope="col">{say(WORDS.party)}</th> : null}
          </tr>
        </thead>
        <tbody>
          {summary.partners.map((partner) => {
            const decision = partner.decision ?? 'none';
            return (
              <tr>
                <th scope="row">
                  {partner.name} <code>{partner.organisation}</code>
                </th>
                <td>{partner.domain}</td>
                <td>
                  <span class={DECISION_BADGE[decision]}>{say(DECISION_WORDS[decision])}</span>
                </td>
                <td>{partner.decidedAt === null ? '—' : shownTime(partner.decidedAt)}</td>
                {summary.inForce ? <td>{say(partner.party ? WORDS.yes : WORDS.no)}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
