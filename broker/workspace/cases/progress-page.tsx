import { z } from 'zod';
import type { CaseProgress } from '../../store/case-progress.ts';
import type { CaseView } from '../../store/case-registry.ts';
import { parseForm } from '../form-input.ts';
import { Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { type PageContext, pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { sections } from './case-list-page.tsx';
import { viewerOfPerson } from './case-viewer.ts';
import { ACTION_STATUS_WORDS, PHASE_WORDS } from './case-words.ts';

const WORDS = {
  title: { nl: 'Verloop van de casus', en: 'Course of the case' },
  now: { nl: 'Nu', en: 'Now' },
  phase: { nl: 'Fase', en: 'Phase' },
  caseType: { nl: 'Soort casus', en: 'Case type' },
  lifeDomains: { nl: 'Leefgebieden', en: 'Life domains' },
  review: { nl: 'Herbeoordeling schaduwlijst', en: 'Shadow-list review' },
  dueNow: { nl: 'nu aan de orde', en: 'due now' },
  overdue: { nl: 'meer dan een maand te laat', en: 'more than a month overdue' },
  timeline: { nl: 'Tijdlijn', en: 'Timeline' },
  entered: { nl: 'Fase', en: 'Phase' },
  meeting: { nl: 'Casusoverleg', en: 'Case meeting' },
  agreed: { nl: 'afgesproken acties', en: 'actions agreed' },
  due: { nl: 'uiterlijk', en: 'due' },
  late: { nl: 'te laat', en: 'overdue' },
  noPersons: {
    nl: 'Het verloop bevat geen personen en niets van wat over hen is uitgewisseld.',
    en: 'The course holds no persons and nothing that was exchanged about them.',
  },
} as const;

const paramsSchema = z.object({ caseId: z.uuid() });

interface Moment {
  readonly at: string;
  readonly kind: 'phase' | 'meeting';
  readonly key: string;
}

/**
 * GET /cases/{caseId}: the case's progress as GET /v1/cases/{id}/progress gives it (the
 * one visibility rule; an invisible case is the 404 of a missing one), as a timeline.
 */
export function registerProgressPage(routes: WorkspaceRoutes, deps: WorkspaceDependencies): void {
  routes.get('/:caseId{[0-9a-f-]{36}}', async (c) => {
    const ctx = pageContext(c);
    const { caseId } = parseForm(paramsSchema, c.req.param());
    const { view } = await deps.store.visibleCases.one(deps.network, caseId, viewerOfPerson(c));
    const progress = await deps.store.progress.of(deps.network, caseId);
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={sections(ctx)}>
        <ProgressView ctx={ctx} view={view} progress={progress} />
      </Page>,
    );
  });
}

function ProgressView({
  ctx,
  view,
  progress,
}: {
  readonly ctx: PageContext;
  readonly view: CaseView;
  readonly progress: CaseProgress;
}) {
  const { say } = ctx;
  const actions = new Map(progress.actions.map((action) => [action.id, action]));
  const moments: Moment[] = [
    ...progress.phases.map((p) => ({ at: p.enteredAt, kind: 'phase' as const, key: p.phase })),
    ...progress.meetings.map((m) => ({ at: m.on, kind: 'meeting' as const, key: m.on })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <>
      <p>
        <code>{view.id}</code>
      </p>
      <h2>{say(WORDS.now)}</h2>
      <dl class="record">
        <dt>{say(WORDS.phase)}</dt>
        <dd>{say(PHASE_WORDS[view.phase])}</dd>
        <dt>{say(WORDS.caseType)}</dt>
        <dd>{view.caseType}</dd>
        <dt>{say(WORDS.lifeDomains)}</dt>
        <dd>{view.lifeDomains.join(', ')}</dd>
        {view.shadowReviewAt === null ? null : (
          <>
            <dt>{say(WORDS.review)}</dt>
            <dd>
              {view.shadowReviewAt.slice(0, 10)}{' '}
              {view.reviewOverdue ? (
                <span class="badge overdue">{say(WORDS.overdue)}</span>
              ) : view.reviewDue ? (
                <span class="badge">{say(WORDS.dueNow)}</span>
              ) : null}
            </dd>
          </>
        )}
      </dl>
      <h2>{say(WORDS.timeline)}</h2>
      <ol class="timeline">
        {moments.map((moment) =>
          moment.kind === 'phase' ? (
            <li>
              <time datetime={moment.at}>{moment.at.slice(0, 10)}</time>
              {say(WORDS.entered)}: {say(PHASE_WORDS[moment.key as keyof typeof PHASE_WORDS])}
            </li>
          ) : (
            <li>
              <time datetime={moment.at}>{moment.at}</time>
              {say(WORDS.meeting)}: {say(WORDS.agreed)}
              <ul>
                {(progress.meetings.find((m) => m.on === moment.key)?.actionIds ?? []).map((id) => {
                  const action = actions.get(id);
                  if (action === undefined) return null;
                  return (
                    <li>
                      {action.description} — {action.organisation}, {say(WORDS.due)} {action.dueOn},{' '}
                      {say(
                        ACTION_STATUS_WORDS[action.status] ?? {
                          nl: action.status,
                          en: action.status,
                        },
                      )}
                      {action.overdue ? (
                        <>
                          {' '}
                          <span class="badge overdue">{say(WORDS.late)}</span>
                        </>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </li>
          ),
        )}
      </ol>
      <p>{say(WORDS.noPersons)}</p>
    </>
  );
}
