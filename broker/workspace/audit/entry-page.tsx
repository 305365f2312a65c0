import { z } from 'zod';
import { NotFoundError } from '../../../adapters/contract/coded-error.ts';
import type { EntryRecord } from '../../audit/audit-queries.ts';
import { readAuditEntry } from '../../audit/search/privacy-officer-access.ts';
import { parseForm } from '../form-input.ts';
import { Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { type PageContext, pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { auditSections } from './audit-sections.ts';
import { DECISION_WORDS } from './entry-table.tsx';
import { officerRead } from './officer-access.ts';

const WORDS = {
  title: { nl: 'Vermelding in het auditlog', en: 'Audit trail entry' },
  chain: { nl: 'Plaats in de keten', en: 'Place in the chain' },
  seq: { nl: 'Volgnummer', en: 'Sequence number' },
  hash: { nl: 'Hash (SHA-256)', en: 'Hash (SHA-256)' },
  prevHash: { nl: 'Hash van de vorige', en: 'Previous hash' },
  previous: { nl: 'Vorige vermelding', en: 'Previous entry' },
  next: { nl: 'Volgende vermelding', en: 'Next entry' },
  checkpoint: { nl: 'Gedekt door controlepunt', en: 'Covered by checkpoint' },
  noCheckpoint: {
    nl: 'Nog geen ondertekend controlepunt dekt deze vermelding.',
    en: 'No signed checkpoint covers this entry yet.',
  },
  what: { nl: 'Wat er gebeurde', en: 'What happened' },
  at: { nl: 'Tijdstip (UTC)', en: 'Time (UTC)' },
  type: { nl: 'Soort', en: 'Type' },
  requester: { nl: 'Aanvrager', en: 'Requester' },
  provider: { nl: 'Verstrekker', en: 'Provider' },
  recipient: { nl: 'Ontvanger', en: 'Recipient' },
  case: { nl: 'Casus', en: 'Case' },
  person: { nl: 'Persoon (pseudoniem)', en: 'Person (pseudonym)' },
  purpose: { nl: 'Doel', en: 'Purpose' },
  decision: { nl: 'Besluit', en: 'Decision' },
  reasons: { nl: 'Redenen', en: 'Reasons' },
  requested: { nl: 'Gevraagde categorieën', en: 'Requested categories' },
  released: { nl: 'Verstrekte categorieën', en: 'Released categories' },
  fields: { nl: 'Velden', en: 'Fields' },
  dropped: { nl: 'Weggelaten velden', en: 'Dropped fields' },
  payload: { nl: 'Digest van de inhoud', en: 'Payload digest' },
  policy: { nl: 'Beleidsversie', en: 'Policy revision' },
  request: { nl: 'Verzoek / uitwisseling / trace', en: 'Request / exchange / trace' },
  details: { nl: 'Details', en: 'Details' },
} as const;

const seqSchema = z.object({ seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const list = (values: readonly string[] | null) =>
  values === null ? '—' : values.length === 0 ? '—' : values.join(', ');

/** GET /audit/entries/{seq}: the whole entry, its hashes and the checkpoint that covers it. */
export function registerEntryPage(routes: WorkspaceRoutes, deps: WorkspaceDependencies): void {
  routes.get('/entries/:seq', async (c) => {
    const ctx = pageContext(c);
    const { seq } = parseForm(seqSchema, c.req.param());
    const record = await readAuditEntry(officerRead(deps, c), seq);
    if (record === undefined) throw new NotFoundError('audit entry');
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={auditSections(ctx)}>
        <EntryRecordView ctx={ctx} record={record} />
      </Page>,
    );
  });
}

function EntryRecordView({
  ctx,
  record,
}: {
  readonly ctx: PageContext;
  readonly record: EntryRecord;
}) {
  const { say } = ctx;
  const { entry, coveredBy } = record;
  const row = (label: { nl: string; en: string }, value: unknown) => (
    <>
      <dt>{say(label)}</dt>
      <dd>{value as string}</dd>
    </>
  );
  return (
    <>
      <h2>{say(WORDS.chain)}</h2>
      <dl class="record">
        {row(WORDS.seq, entry.seq)}
        {row(WORDS.hash, <span class="hash">{entry.hash}</span>)}
        {row(WORDS.prevHash, <span class="hash">{entry.prevHash}</span>)}
        {row(
          WORDS.checkpoint,
          coveredBy === null ? (
            say(WORDS.noCheckpoint)
          ) : (
            <>
              #{coveredBy.seq}, {coveredBy.at} — <span class="hash">{coveredBy.hash}</span>
            </>
          ),
        )}
      </dl>
      <p class="pager">
        {entry.seq > 1 ? (
          <a href={ctx.link(`/audit/entries/${entry.seq - 1}`)}>← {say(WORDS.previous)}</a>
        ) : null}
        <a href={ctx.link(`/audit/entries/${entry.seq + 1}`)}>{say(WORDS.next)} →</a>
      </p>
      <h2>{say(WORDS.what)}</h2>
      <dl class="record">
        {row(WORDS.at, entry.at)}
        {row(WORDS.type, <code>{entry.type}</code>)}
        {row(
          WORDS.requester,
          entry.requester === null
            ? '—'
            : [entry.requester.organisation, entry.requester.user, entry.requester.role]
                .filter((part) => part !== null)
                .join(' · '),
        )}
        {row(WORDS.provider, entry.provider ?? '—')}
        {row(WORDS.recipient, entry.recipient ?? '—')}
        {row(WORDS.case, entry.caseId === null ? '—' : <code>{entry.caseId}</code>)}
        {row(
          WORDS.person,
          entry.personPseudonym === null ? '—' : <span class="hash">{entry.personPseudonym}</span>,
        )}
        {row(WORDS.purpose, entry.purpose ?? '—')}
        {row(
          WORDS.decision,
          entry.decision === null ? (
            '—'
          ) : (
            <span class={`badge ${entry.decision}`}>{say(DECISION_WORDS[entry.decision])}</span>
          ),
        )}
        {row(
          WORDS.reasons,
          list(
            entry.reasons.map((r) =>
              r.category === undefined ? r.code : `${r.code} (${r.category})`,
            ),
          ),
        )}
        {row(WORDS.requested, list(entry.requestedCategories))}
        {row(WORDS.released, list(entry.releasedCategories))}
        {row(WORDS.fields, list(entry.fields))}
        {row(WORDS.dropped, list(entry.droppedFields))}
        {row(
          WORDS.payload,
          entry.payloadSha256 === null ? '—' : <span class="hash">{entry.payloadSha256}</span>,
        )}
        {row(WORDS.policy, entry.policyRevision ?? '—')}
        {row(
          WORDS.request,
          <span class="hash">
            {[entry.requestId, entry.exchangeId, entry.traceparent]
              .map((v) => v ?? '—')
              .join(' / ')}
          </span>,
        )}
        {row(WORDS.details, <code>{JSON.stringify(entry.details)}</code>)}
      </dl>
    </>
  );
}
