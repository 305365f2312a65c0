import { Hono } from 'hono';
import type { WorkspaceEnv } from '../workspace-context.ts';
import type { WorkspaceModule } from '../workspace-module.ts';
import { registerCovenantPage } from './covenant-page.tsx';
import { registerImpactPage } from './impact-page.tsx';
import { registerVersionPage } from './version-page.tsx';

/**
 * The covenant: for everyone signed in, as the API's covenant reads are (it holds no
 * personal data); the impact report of a candidate only for the network's process
 * director and privacy officer, whom its pages check themselves.
 */
export const covenantModule: WorkspaceModule = {
  path: '/covenant',
  title: { nl: 'Convenant', en: 'Covenant' },
  summary: {
    nl: 'De versie die van kracht is en haar partners; voorgestelde versies en wie ze aanvaardde; de inhoud van een versie; de impact van een kandidaat-bundel.',
    en: 'The version in force and its partners; proposed versions and who accepted them; the content of a version; the impact of a candidate bundle.',
  },
  offeredTo: () => true,
  routes: (deps) => {
    const routes = new Hono<WorkspaceEnv>();
    registerCovenantPage(routes, deps);
    registerVersionPage(routes, deps);
    registerImpactPage(routes, deps);
    return routes;
  },
};
