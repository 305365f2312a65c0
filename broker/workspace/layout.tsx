import type { Child } from 'hono/jsx';
import { FORM_TOKEN_FIELD } from './form-token.ts';
import type { Words } from './language.ts';
import { type PageContext, WORKSPACE_ROOT } from './workspace-context.ts';

export const ROLE_NAMES: Readonly<Record<string, Words>> = {
  process_director: { nl: 'procesregisseur', en: 'process director' },
  case_director: { nl: 'casusregisseur', en: 'case director' },
  case_participant: { nl: 'casusdeelnemer', en: 'case participant' },
  privacy_officer: { nl: 'privacyfunctionaris', en: 'privacy officer' },
};

const WORDS = {
  workspace: { nl: 'ZVH-werkplaats', en: 'ZVH workspace' },
  skip: { nl: 'Naar de inhoud', en: 'Skip to content' },
  signedIn: { nl: 'Aangemeld als', en: 'Signed in as' },
  main: { nl: 'Hoofdmenu', en: 'Main menu' },
  home: { nl: 'Start', en: 'Home' },
  language: { nl: 'Taal', en: 'Language' },
  sections: { nl: 'Onderdelen', en: 'Sections' },
} as const;

export interface PageProps {
  readonly ctx: PageContext;
  readonly title: Words;
  /** The module's own links under the title (search, status, statistics ...). */
  readonly sections?: readonly { readonly href: string; readonly label: Words }[];
  readonly children?: Child;
}

/**
 * The shell of every page: the served stylesheet (no inline style: the policy forbids
 * it), who is signed in, the modules offered to them, the language switch, and the page.
 */
export function Page({ ctx, title, sections = [], children }: PageProps) {
  const { user, say } = ctx;
  const role = ROLE_NAMES[user.role];
  const here = (href: string) => (href.split('?')[0] === ctx.path ? 'page' : undefined);
  return (
    <html lang={ctx.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${say(title)} · ${say(WORDS.workspace)}`}</title>
        <link rel="stylesheet" href={`${WORKSPACE_ROOT}/assets/workspace.css`} />
        <link rel="icon" href={`${WORKSPACE_ROOT}/assets/icon.svg`} type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          {say(WORDS.skip)}
        </a>
        <header class="top">
          <a class="brand" href={ctx.link('/')}>
            {say(WORDS.workspace)}
          </a>
          <p class="who">
            {say(WORDS.signedIn)} <strong>{user.displayName}</strong>
            {` (${role === undefined ? user.role : say(role)}, ${user.organisation})`}
          </p>
          <nav aria-label={say(WORDS.language)} class="languages">
            <a
              href={`${ctx.path}?lang=nl`}
              lang="nl"
              aria-current={ctx.language === 'nl' ? 'true' : undefined}
            >
              Nederlands
            </a>
            <a
              href={`${ctx.path}?lang=en`}
              lang="en"
              aria-current={ctx.language === 'en' ? 'true' : undefined}
            >
              English
            </a>
          </nav>
        </header>
        <nav aria-label={say(WORDS.main)} class="modules">
          <a href={ctx.link('/')} aria-current={here(ctx.link('/'))}>
            {say(WORDS.home)}
          </a>
          {ctx.navigation.map((item) => (
            <a
              href={ctx.link(item.path)}
              aria-current={
                ctx.path.startsWith(`${WORKSPACE_ROOT}${item.path}`) ? 'true' : undefined
              }
            >
              {say(item.title)}
            </a>
          ))}
        </nav>
        {sections.length === 0 ? null : (
          <nav aria-label={say(WORDS.sections)} class="sections">
            {sections.map((section) => (
              <a href={section.href} aria-current={here(section.href)}>
                {say(section.label)}
              </a>
            ))}
          </nav>
        )}
        <main id="main">
          <h1>{say(title)}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** The hidden token of every form (form-token.ts). */
export function FormToken({ ctx }: { readonly ctx: PageContext }) {
  return <input type="hidden" name={FORM_TOKEN_FIELD} value={ctx.formToken} />;
}
