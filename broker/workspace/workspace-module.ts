import type { Hono } from 'hono';
import type { UserAssertion } from '../../keys/assertion/user-assertion.ts';
import type { Words } from './language.ts';
import type { WorkspaceDependencies, WorkspaceEnv } from './workspace-context.ts';

export type WorkspaceRoutes = Hono<WorkspaceEnv>;

/**
 * One part of the workspace (audit, cases, covenant): its place in the
 * navigation and its pages. A new part is one more module in workspace-routes.ts.
 */
export interface WorkspaceModule {
  /** Under /workspace, e.g. `/audit`. */
  readonly path: string;
  readonly title: Words;
  readonly summary: Words;
  /**
   * Whether the navigation offers the module to this user. Only what the menu shows:
   * each page still applies the API's rule itself, and refuses like the API.
   */
  offeredTo(user: UserAssertion): boolean;
  routes(deps: WorkspaceDependencies): WorkspaceRoutes;
}
