import { Hono } from 'hono';
import type { WorkspaceEnv } from '../workspace-context.ts';
import type { WorkspaceModule } from '../workspace-module.ts';
import { registerCaseListPage } from './case-list-page.tsx';
import { registerProgressPage } from './progress-page.tsx';
import { registerReportPage } from './report-page.tsx';

/**
 * The cases: for the process director first, whose first screen is what is due; for
 * everyone else what the one visibility rule shows them, as the API does.
 */
export const casesModule: WorkspaceModule = {
  path: '/cases',
  title: { nl: 'Casussen', en: 'Cases' },
  summary: {
    nl: 'Herbeoordelingen van de schaduwlijst en acties over de termijn; alle casussen met filters; het verloop van een casus; de jaarrapportage.',
    en: 'Shadow-list reviews and overdue actions; every case with filters; the course of a case; the yearly report.',
  },
  offeredTo: () => true,
  routes: (deps) => {
    const routes = new Hono<WorkspaceEnv>();
    registerReportPage(routes, deps);
    registerCaseListPage(routes, deps);
    registerProgressPage(routes, deps);
    return routes;
  },
};
