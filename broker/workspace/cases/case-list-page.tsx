import { z } from 'zod';
import { CASE_PHASES, casePhaseSchema } from '../../../policies/vocabulary/case-phases.ts';
import type { CaseActionView } from '../../store/case-actions.ts';
import type { CaseView } from '../../store/case-registry.ts';
import { caseTypeSchema } from '../../store/domain-vocabulary.ts';
import {
  CASE_CURSOR_PATTERN,
  type CaseViewer,
  DEFAULT_CASE_PAGE_LIMIT,
  MAX_CASE_PAGE_LIMIT,
} from '../../store/visible-cases.ts';
import { parseForm } from '../form-input.ts';
import { Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { type PageContext, pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { viewerOfPerson } from './case-viewer.ts';
import { ACTION_STATUS_WORDS, CASE_SECTIONS, PHASE_WORDS } from './case-words.ts';

const WORDS = {
  title: { nl: 'Casussen', en: 'Cases' },
  due: { nl: 'Schaduwlijst: herbeoordeling nu', en: 'Shadow list: review due now' },
  noneDue: { nl: 'Geen casus wacht op herbeoordeling.', en: 'No case awaits its review.' },
  overdueActions: { nl: 'Acties over de termijn', en: 'Overdue actions' },
  noneOverdue: { nl: 'Geen actie is over de termijn.', en: 'No action is overdue.' },
  all: { nl: 'Alle casussen die u mag zien', en: 'Every case you may see' },
  filters: { nl: 'Filters', en: 'Filters' },
  phase: { nl: 'Fase', en: 'Phase' },
  caseType: { nl: 'Soort casus', en: 'Case type' },
  directedByMe: { nl: 'Alleen casussen die ik regisseer', en: 'Only cases I direct' },
  show: { nl: 'Tonen', en: 'Show' },
  any: { nl: '(alle)', en: '(any)' },
  case: { nl: 'Casus', en: 'Case' },
  registered: { nl: 'Aangemeld', en: 'Registered' },
  review: { nl: 'Herbeoordeling', en: 'Review' },
  overdue: { nl: 'te laat', en: 'overdue' },
  dueBadge: { nl: 'nu', en: 'due' },
  older: { nl: 'Oudere casussen', en: 'Older cases' },
  none: { nl: 'Geen casussen.', en: 'No cases.' },
  action: { nl: 'Actie', en: 'Action' },
  carrier: { nl: 'Uitvoerder', en: 'Carried by' },
  dueOn: { nl: 'Uiterlijk', en: 'Due on' },
  status: { nl: 'Status', en: 'Status' },
  firstOnly: {
    nl: `Alleen de eerste ${MAX_CASE_PAGE_LIMIT} casussen per fase zijn nagelopen.`,
    en: `Only the first ${MAX_CASE_PAGE_LIMIT} cases of each phase were looked through.`,
  },
} as const;

const listFormSchema = z.object({
  phase: casePhaseSchema.optional(),
  caseType: caseTypeSchema.optional(),
  directedByMe: z.literal('true').optional(),
  cursor: z.string().regex(CASE_CURSOR_PATTERN).optional(),
});

/** The phases in which a plan is carried out: an action can be overdue only there. */
const PLAN_PHASES = ['case_meeting', 'monitoring', 'shadow_list'] as const;

interface OverdueAction {
  readonly caseId: string;
  readonly action: CaseActionView;
}

/**
 * The overdue actions of the cases the viewer sees, by the same rule and reads as
 * GET /v1/cases and GET /v1/cases/{id}/actions?overdue=true.
 */
async function overdueActions(
  deps: WorkspaceDependencies,
  viewer: CaseViewer,
): Promise<{ readonly actions: OverdueAction[]; readonly truncated: boolean }> {
  const found: OverdueAction[] = [];
  let truncated = false;
  for (const phase of PLAN_PHASES) {
    const page = await deps.store.visibleCases.page(deps.network, viewer, {
      phase,
      limit: MAX_CASE_PAGE_LIMIT,
    });
    truncated ||= page.next !== null;
    for (const view of page.cases) {
      for (const action of await deps.store.actions.list(deps.network, view.id, {
        overdue: true,
      })) {
        found.push({ caseId: view.id, action });
      }
    }
  }
  return { actions: found.sort((a, b) => a.action.dueOn.localeCompare(b.action.dueOn)), truncated };
}

/**
 * GET /cases: first what needs the process director now (the shadow-list reviews that
 * are due, the actions past their date), then every case the signed-in person may see,
 * with the API's filters and paging.
 */
export function registerCaseListPage(routes: WorkspaceRoutes, deps: WorkspaceDependencies): void {
  routes.get('/', async (c) => {
    const ctx = pageContext(c);
    const form = parseForm(listFormSchema, c.req.query());
    const viewer = viewerOfPerson(c);
    const due = await deps.store.visibleCases.page(deps.network, viewer, {
      reviewDue: true,
      limit: MAX_CASE_PAGE_LIMIT,
    });
    const overdue = await overdueActions(deps, viewer);
    const page = await deps.store.visibleCases.page(deps.network, viewer, {
      phase: form.phase,
      caseType: form.caseType,
      directedByMe: form.directedByMe === 'true' ? true : undefined,
      cursor: form.cursor,
      limit: DEFAULT_CASE_PAGE_LIMIT,
    });
    const { say } = ctx;
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={sections(ctx)}>
        <h2>{say(WORDS.due)}</h2>
        {due.cases.length === 0 ? (
          <p class="notice">{say(WORDS.noneDue)}</p>
        ) : (
          <CaseTable ctx={ctx} cases={due.cases} />
        )}
        <h2>{say(WORDS.overdueActions)}</h2>
        {overdue.actions.length === 0 ? (
          <p class="notice">{say(WORDS.noneOverdue)}</p>
        ) : (
          <ActionTable ctx={ctx} actions={overdue.actions} />
        )}
        {overdue.truncated ? <p>{say(WORDS.firstOnly)}</p> : null}
        <h2>{say(WORDS.all)}</h2>
        <form
          class="filters"
          method="get"
          action={ctx.link('/cases')}
          aria-label={say(WORDS.filters)}
        >
          {ctx.language === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
          <div>
            <label for="c-phase">{say(WORDS.phase)}</label>
            <select id="c-phase" name="phase">
              <option value="">{say(WORDS.any)}</option>
              {CASE_PHASES.map((phase) => (
                <option value={phase} selected={phase === form.phase}>
                  {say(PHASE_WORDS[phase])}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="c-type">{say(WORDS.caseType)}</label>
            <select id="c-type" name="caseType">
              <option value="">{say(WORDS.any)}</option>
              {caseTypeSchema.options.map((type) => (
                <option value={type} selected={type === form.caseType}>
                  {type}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label>
              <input
                type="checkbox"
                name="directedByMe"
                value="true"
                checked={form.directedByMe === 'true'}
              />{' '}
              {say(WORDS.directedByMe)}
            </label>
          </div>
          <div class="actions">
            <button type="submit">{say(WORDS.show)}</button>
          </div>
        </form>
        {page.cases.length === 0 ? (
          <p class="notice">{say(WORDS.none)}</p>
        ) : (
          <CaseTable ctx={ctx} cases={page.cases} />
        )}
        {page.next === null ? null : (
          <p class="pager">
            <a
              href={ctx.link('/cases', {
                phase: form.phase,
                caseType: form.caseType,
                directedByMe: form.directedByMe,
                cursor: page.next,
              })}
            >
              {say(WORDS.older)} →
            </a>
          </p>
        )}
      </Page>,
    );
  });
}

export function sections(ctx: PageContext) {
  return CASE_SECTIONS.map((section) => ({ href: ctx.link(section.path), label: section.label }));
}

function CaseTable({
  ctx,
  cases,
}: {
  readonly ctx: PageContext;
  readonly cases: readonly CaseView[];
}) {
  const { say } = ctx;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{say(WORDS.case)}</th>
            <th scope="col">{say(WORDS.caseType)}</th>
            <th scope="col">{say(WORDS.phase)}</th>
            <th scope="col">{say(WORDS.registered)}</th>
            <th scope="col">{say(WORDS.review)}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((view) => (
            <tr>
              <td>
                <a href={ctx.link(`/cases/${view.id}`)}>
                  <code>{view.id.slice(0, 8)}</code>
                </a>
              </td>
              <td>{view.caseType}</td>
              <td>{say(PHASE_WORDS[view.phase])}</td>
              <td>{view.registeredAt.slice(0, 10)}</td>
              <td>
                {view.shadowReviewAt === null ? '—' : view.shadowReviewAt.slice(0, 10)}{' '}
                {view.reviewOverdue ? (
                  <span class="badge overdue">{say(WORDS.overdue)}</span>
                ) : view.reviewDue ? (
                  <span class="badge">{say(WORDS.dueBadge)}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ActionTable({
  ctx,
  actions,
}: {
  readonly ctx: PageContext;
  readonly actions: readonly OverdueAction[];
}) {
  const { say } = ctx;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{say(WORDS.case)}</th>
            <th scope="col">{say(WORDS.action)}</th>
            <th scope="col">{say(WORDS.carrier)}</th>
            <th scope="col">{say(WORDS.dueOn)}</th>
            <th scope="col">{say(WORDS.status)}</th>
          </tr>
        </thead>
        <tbody>
          {actions.map(({ caseId, action }) => (
            <tr>
              <td>
                <a href={ctx.link(`/cases/${caseId}`)}>
                  <code>{caseId.slice(0, 8)}</code>
                </a>
              </td>
              <td>{action.description}</td>
              <td>{action.organisation}</td>
              <td>
                {action.dueOn} <span class="badge overdue">{say(WORDS.overdue)}</span>
              </td>
              <td>
                {say(
                  ACTION_STATUS_WORDS[action.status] ?? { nl: action.status, en: action.status },
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
