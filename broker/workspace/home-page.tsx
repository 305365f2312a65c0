import { Page } from './layout.tsx';
import type { PageContext } from './workspace-context.ts';
import type { WorkspaceModule } from './workspace-module.ts';

const WORDS = {
  title: { nl: 'Welkom', en: 'Welcome' },
  intro: {
    nl: 'U bent aangemeld met uw persoonlijke certificaat. U ziet hier wat uw rol mag zien, volgens dezelfde regels als de API; elke inzage in persoonsgegevens wordt vastgelegd in het auditlog.',
    en: 'You are signed in with your personal certificate. You see what your role may see, by the same rules as the API; every view of personal data is recorded in the audit trail.',
  },
  nothing: {
    nl: 'Voor uw rol is hier nog niets te openen.',
    en: 'There is nothing here yet for your role.',
  },
  signOut: {
    nl: 'Afmelden: sluit de browser; zonder uw certificaat opent de werkplaats niet.',
    en: 'To sign out, close the browser: without your certificate the workspace does not open.',
  },
} as const;

/** The first page after sign-in: who you are and the modules your role opens. */
export function HomePage({
  ctx,
  modules,
}: {
  readonly ctx: PageContext;
  readonly modules: readonly WorkspaceModule[];
}) {
  const offered = modules.filter((module) => module.offeredTo(ctx.user));
  return (
    <Page ctx={ctx} title={WORDS.title}>
      <p>{ctx.say(WORDS.intro)}</p>
      {offered.length === 0 ? (
        <p class="notice">{ctx.say(WORDS.nothing)}</p>
      ) : (
        <div class="cards">
          {offered.map((module) => (
            <section class="card" aria-labelledby={`card-${module.path.slice(1)}`}>
              <h2 id={`card-${module.path.slice(1)}`}>
                <a href={ctx.link(module.path)}>{ctx.say(module.title)}</a>
              </h2>
              <p>{ctx.say(module.summary)}</p>
            </section>
          ))}
        </div>
      )}
      <p>{ctx.say(WORDS.signOut)}</p>
    </Page>
  );
}
