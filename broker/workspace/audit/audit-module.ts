import { Hono } from 'hono';
import type { WorkspaceEnv } from '../workspace-context.ts';
import type { WorkspaceModule } from '../workspace-module.ts';
import { registerChainStatusPage } from './chain-status-page.tsx';
import { registerEntryPage } from './entry-page.tsx';
import { requirePrivacyOfficer } from './officer-access.ts';
import { registerSearchPages } from './search-pages.tsx';
import { registerStatisticsPage } from './statistics-page.tsx';
import { registerSubjectAccessPage } from './subject-access-page.tsx';

/** The privacy officer's audit: search, entry, subject access, chain status, statistics. */
export const auditModule: WorkspaceModule = {
  path: '/audit',
  title: { nl: 'Audit', en: 'Audit' },
  summary: {
    nl: 'Het auditlog doorzoeken, ook op persoon; een vermelding met haar plaats in de keten; het inzageverzoek als PDF; de staat van de keten en de statistiek.',
    en: 'Search the audit trail, also by person; an entry with its place in the chain; the subject access report as PDF; the state of the chain and the statistics.',
  },
  offeredTo: (user) => user.role === 'privacy_officer',
  routes: (deps) => {
    const routes = new Hono<WorkspaceEnv>();
    routes.use('*', requirePrivacyOfficer);
    registerSearchPages(routes, deps);
    registerEntryPage(routes, deps);
    registerSubjectAccessPage(routes, deps);
    registerChainStatusPage(routes, deps);
    registerStatisticsPage(routes, deps);
    return routes;
  },
};
