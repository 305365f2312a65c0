import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WorkspaceContext } from './workspace-context.ts';

/**
 * A page as the answer: HTML5 with its doctype, never stored by the browser or a proxy
 * (every page names a person, a case or at least who is signed in).
 */
export async function renderPage(
  c: WorkspaceContext,
  page: JSX.Element,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  return c.html(`<!doctype html>${String(await page)}`, status, {
    'cache-control': 'no-store',
  });
}
