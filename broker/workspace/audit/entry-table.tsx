import type { AuditEntryView } from '../../audit/search/audit-entry-view.ts';
import type { PageContext } from '../workspace-context.ts';

const WORDS = {
  caption: { nl: 'Gevonden vermeldingen, nieuwste eerst', en: 'Entries found, newest first' },
  seq: { nl: 'Nr.', en: 'No.' },
  at: { nl: 'Tijdstip (UTC)', en: 'Time (UTC)' },
  type: { nl: 'Soort', en: 'Type' },
  requester: { nl: 'Aanvrager', en: 'Requester' },
  flow: { nl: 'Van → aan', en: 'From → to' },
  case: { nl: 'Casus', en: 'Case' },
  decision: { nl: 'Besluit', en: 'Decision' },
  reasons: { nl: 'Redenen', en: 'Reasons' },
  none: { nl: 'Geen vermeldingen gevonden.', en: 'No entries found.' },
  open: { nl: 'Open vermelding', en: 'Open entry' },
} as const;

export const DECISION_WORDS = {
  allow: { nl: 'toegestaan', en: 'allowed' },
  deny: { nl: 'geweigerd', en: 'denied' },
} as const;

/** A page of entries as a table; each number opens the entry's full record. */
export function EntryTable({
  ctx,
  entries,
}: {
  readonly ctx: PageContext;
  readonly entries: readonly AuditEntryView[];
}) {
  const { say } = ctx;
  if (entries.length === 0) return <p class="notice">{say(WORDS.none)}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>{say(WORDS.caption)}</caption>
        <thead>
          <tr>
            <th scope="col" class="number">
              {say(WORDS.seq)}
            </th>
            <th scope="col">{say(WORDS.at)}</th>
            <th scope="col">{say(WORDS.type)}</th>
            <th scope="col">{say(WORDS.requester)}</th>
            <th scope="col">{say(WORDS.flow)}</th>
            <th scope="col">{say(WORDS.case)}</th>
            <th scope="col">{say(WORDS.decision)}</th>
            <th scope="col">{say(WORDS.reasons)}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr>
              <td class="number">
                <a
                  href={ctx.link(`/audit/entries/${entry.seq}`)}
                  aria-label={`${say(WORDS.open)} ${entry.seq}`}
                >
                  {entry.seq}
                </a>
              </td>
              <td>{entry.at.replace('T', ' ').slice(0, 19)}</td>
              <td>
                <code>{entry.type}</code>
              </td>
              <td>
                {entry.requester === null
                  ? '—'
                  : [entry.requester.organisation, entry.requester.user, entry.requester.role]
                      .filter((part) => part !== null)
                      .join(' · ')}
              </td>
              <td>
                {entry.provider === null && entry.recipient === null
                  ? '—'
                  : `${entry.provider ?? '—'} → ${entry.recipient ?? '—'}`}
              </td>
              <td>{entry.caseId === null ? '—' : <code>{entry.caseId.slice(0, 8)}</code>}</td>
              <td>
                {entry.decision === null ? (
                  '—'
                ) : (
                  <span class={`badge ${entry.decision}`}>
                    {say(DECISION_WORDS[entry.decision])}
                  </span>
                )}
              </td>
              <td>{entry.reasons.map((reason) => reason.code).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
