import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT } from '../../audit/search/entry-search.ts';
import { parseForm } from '../form-input.ts';
import { FormToken, Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { type PageContext, pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { auditSections } from './audit-sections.ts';
import {
  type EntryFilterForm,
  entryFilterFields,
  entryFilters,
  entryFiltersSchema,
  filterQuery,
  recordedFilters,
} from './entry-filters.ts';
import { EntryTable } from './entry-table.tsx';
import { officerScope, recordRead } from './officer-access.ts';

const WORDS = {
  title: { nl: 'Auditlog doorzoeken', en: 'Search the audit trail' },
  personTitle: { nl: 'Zoeken op persoon', en: 'Search by person' },
  filters: { nl: 'Filters', en: 'Filters' },
  search: { nl: 'Zoeken', en: 'Search' },
  older: { nl: 'Oudere vermeldingen', en: 'Older entries' },
  nationalId: { nl: 'Burgerservicenummer of ID-nummer', en: 'National identifier' },
  nationalIdHint: {
    nl: 'Wordt omgezet in het pseudoniem waaronder het log de persoon kent; het nummer zelf wordt niet opgeslagen en komt nooit in een adres.',
    en: 'Turned into the pseudonym the trail knows the person by; the number itself is not stored and never goes into an address.',
  },
  scopeNetwork: {
    nl: 'U ziet alle vermeldingen van het netwerk.',
    en: 'You see every entry of the network.',
  },
  scopeOrganisation: {
    nl: 'U ziet de vermeldingen waarin uw organisatie aanvrager, verstrekker of ontvanger is.',
    en: 'You see the entries in which your organisation is requester, provider or recipient.',
  },
  every: { nl: '(alle)', en: '(any)' },
} as const;

const FIELD_LABELS: Readonly<
  Record<keyof Omit<EntryFilterForm, 'cursor'>, { nl: string; en: string }>
> = {
  from: { nl: 'Vanaf (datum)', en: 'From (date)' },
  to: { nl: 'Tot en met (datum)', en: 'Up to and including (date)' },
  requester: { nl: 'Aanvragende organisatie', en: 'Requesting organisation' },
  provider: { nl: 'Verstrekkende organisatie', en: 'Providing organisation' },
  recipient: { nl: 'Ontvangende organisatie', en: 'Receiving organisation' },
  caseId: { nl: 'Casusnummer', en: 'Case id' },
  purpose: { nl: 'Doel', en: 'Purpose' },
  type: {
    nl: 'Soort (exchange.pull, access.refused, …)',
    en: 'Type (exchange.pull, access.refused, …)',
  },
  decision: { nl: 'Besluit', en: 'Decision' },
  reason: { nl: 'Redencode', en: 'Reason code' },
  exchangeId: { nl: 'Uitwisselingsnummer', en: 'Exchange id' },
  traceId: { nl: 'Trace-id', en: 'Trace id' },
};

const personSearchSchema = z.object({
  ...entryFilterFields,
  nationalId: z.string().min(1).max(64),
});

function FilterFields({
  ctx,
  form,
}: {
  readonly ctx: PageContext;
  readonly form: EntryFilterForm;
}) {
  return (
    <>
      {(Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]).map((name) =>
        name === 'decision' ? (
          <div>
            <label for={`f-${name}`}>{ctx.say(FIELD_LABELS[name])}</label>
            <select id={`f-${name}`} name={name}>
              <option value="">{ctx.say(WORDS.every)}</option>
              <option value="allow" selected={form.decision === 'allow'}>
                allow
              </option>
              <option value="deny" selected={form.decision === 'deny'}>
                deny
              </option>
            </select>
          </div>
        ) : (
          <div>
            <label for={`f-${name}`}>{ctx.say(FIELD_LABELS[name])}</label>
            <input
              id={`f-${name}`}
              name={name}
              type={name === 'from' || name === 'to' ? 'date' : 'text'}
              value={form[name] ?? ''}
              autocomplete="off"
            />
          </div>
        ),
      )}
    </>
  );
}

function ScopeNotice({ ctx, network }: { readonly ctx: PageContext; readonly network: boolean }) {
  return <p class="notice">{ctx.say(network ? WORDS.scopeNetwork : WORDS.scopeOrganisation)}</p>;
}

/**
 * The search (GET, filters in the query: none of them names a person) and the search by
 * person (POST: the national identifier travels in the body only, and the next page is a
 * form again). Both read through `auditQueries.search` in the officer's scope, and each
 * page shown is an `audit.search` entry first.
 */
export function registerSearchPages(routes: WorkspaceRoutes, deps: WorkspaceDependencies): void {
  routes.get('/', async (c) => {
    const ctx = pageContext(c);
    const form = parseForm(entryFiltersSchema, c.req.query());
    const scope = await officerScope(deps, c, 'searching the audit trail');
    const page = await deps.store.auditQueries.search({
      ...entryFilters(form),
      network: deps.network,
      scope,
      ...(form.cursor === undefined ? {} : { cursor: form.cursor }),
      limit: DEFAULT_PAGE_LIMIT,
    });
    await recordRead(deps, c, {
      action: 'search',
      caseId: form.caseId,
      details: { ...recordedFilters(form), results: page.entries.length },
    });
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={auditSections(ctx)}>
        <ScopeNotice ctx={ctx} network={scope.kind === 'network'} />
        <form
          class="filters"
          method="get"
          action={ctx.link('/audit')}
          aria-label={ctx.say(WORDS.filters)}
        >
          {ctx.language === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
          <FilterFields ctx={ctx} form={form} />
          <div class="actions">
            <button type="submit">{ctx.say(WORDS.search)}</button>
          </div>
        </form>
        <EntryTable ctx={ctx} entries={page.entries} />
        {page.next === null ? null : (
          <p class="pager">
            <a href={ctx.link('/audit', { ...filterQuery(form), cursor: page.next })}>
              {ctx.say(WORDS.older)} →
            </a>
          </p>
        )}
      </Page>,
    );
  });

  routes.get('/person', async (c) => {
    const ctx = pageContext(c);
    await officerScope(deps, c, 'searching the audit trail');
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.personTitle} sections={auditSections(ctx)}>
        <PersonForm ctx={ctx} form={{}} />
      </Page>,
    );
  });

  routes.post('/person', async (c) => {
    const ctx = pageContext(c);
    const { nationalId, ...form } = parseForm(personSearchSchema, await c.req.parseBody());
    const scope = await officerScope(deps, c, 'searching the audit trail');
    const personPseudonym = deps.store.persons.pseudonymOf(nationalId);
    const page = await deps.store.auditQueries.search({
      ...entryFilters(form),
      network: deps.network,
      scope,
      personPseudonym,
      ...(form.cursor === undefined ? {} : { cursor: form.cursor }),
      limit: DEFAULT_PAGE_LIMIT,
    });
    await recordRead(deps, c, {
      action: 'search',
      caseId: form.caseId,
      personPseudonym,
      details: { ...recordedFilters(form), results: page.entries.length },
    });
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.personTitle} sections={auditSections(ctx)}>
        <ScopeNotice ctx={ctx} network={scope.kind === 'network'} />
        <PersonForm ctx={ctx} form={form} />
        <EntryTable ctx={ctx} entries={page.entries} />
        {page.next === null ? null : (
          <form method="post" action={ctx.link('/audit/person')} class="pager">
            <FormToken ctx={ctx} />
            <input type="hidden" name="nationalId" value={nationalId} />
            {Object.entries(filterQuery(form)).map(([name, value]) =>
              value === undefined ? null : <input type="hidden" name={name} value={value} />,
            )}
            <input type="hidden" name="cursor" value={page.next} />
            <button type="submit">{ctx.say(WORDS.older)} →</button>
          </form>
        )}
      </Page>,
    );
  });
}

/**
 * The identifier is typed and posted, never put back into the form, and the field asks the
 * browser not to remember it (autocomplete off).
 */
function PersonForm({ ctx, form }: { readonly ctx: PageContext; readonly form: EntryFilterForm }) {
  return (
    <form
      class="filters"
      method="post"
      action={ctx.link('/audit/person')}
      aria-label={ctx.say(WORDS.personTitle)}
    >
      <FormToken ctx={ctx} />
      <div>
        <label for="national-id">{ctx.say(WORDS.nationalId)}</label>
        <input
          id="national-id"
          name="nationalId"
          type="text"
          autocomplete="off"
          spellcheck={false}
          required
          maxlength={64}
          aria-describedby="national-id-hint"
        />
      </div>
      <p id="national-id-hint" class="actions">
        {ctx.say(WORDS.nationalIdHint)}
      </p>
      <FilterFields ctx={ctx} form={form} />
      <div class="actions">
        <button type="submit">{ctx.say(WORDS.search)}</button>
      </div>
    </form>
  );
}
