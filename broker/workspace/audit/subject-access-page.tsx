import { z } from 'zod';
import { readSubjectAccess } from '../../audit/search/privacy-officer-access.ts';
import { subjectAccessPdf } from '../../audit/subject-access/subject-access-pdf.ts';
import { parseForm } from '../form-input.ts';
import { FormToken, Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { auditSections } from './audit-sections.ts';
import { officerRead, officerScope } from './officer-access.ts';

const WORDS = {
  title: { nl: 'Inzageverzoek (AVG art. 15)', en: 'Subject access request (GDPR art. 15)' },
  intro: {
    nl: 'Het overzicht van elke uitwisseling over een persoon, als PDF voor de brief. Alleen de privacyfunctionaris van het netwerk maakt het.',
    en: "The account of every exchange about a person, as a PDF for the letter. Only the network's privacy officer makes it.",
  },
  nationalId: { nl: 'Burgerservicenummer of ID-nummer', en: 'National identifier' },
  copy: { nl: 'Exemplaar', en: 'Copy' },
  personCopy: {
    nl: 'Voor de persoon (zonder wat een lopend onderzoek achterhoudt)',
    en: 'For the person (without what an investigation in force withholds)',
  },
  officerCopy: {
    nl: 'Voor de privacyfunctionaris (alles, achtergehouden vermeldingen gemarkeerd)',
    en: 'For the privacy officer (everything, withheld entries marked)',
  },
  download: { nl: 'PDF downloaden', en: 'Download PDF' },
} as const;

const subjectAccessSchema = z.object({
  nationalId: z.string().min(1).max(64),
  copy: z.enum(['person', 'privacy_officer']).default('person'),
});

/**
 * The subject access report: a form (GET) that POSTs the identifier, and the PDF as the
 * answer, never stored. As the API's, for the network's privacy officer only, and an
 * `audit.search` entry before the PDF leaves.
 */
export function registerSubjectAccessPage(
  routes: WorkspaceRoutes,
  deps: WorkspaceDependencies,
): void {
  routes.get('/subject-access', async (c) => {
    const ctx = pageContext(c);
    await officerScope(deps, c, 'a subject access report', 'network');
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={auditSections(ctx)}>
        <p>{ctx.say(WORDS.intro)}</p>
        <form class="filters" method="post" action={ctx.link('/audit/subject-access')}>
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
            />
          </div>
          <fieldset class="actions">
            <legend>{ctx.say(WORDS.copy)}</legend>
            <label>
              <input type="radio" name="copy" value="person" checked /> {ctx.say(WORDS.personCopy)}
            </label>
            <label>
              <input type="radio" name="copy" value="privacy_officer" />{' '}
              {ctx.say(WORDS.officerCopy)}
            </label>
          </fieldset>
          <div class="actions">
            <button type="submit">{ctx.say(WORDS.download)}</button>
          </div>
        </form>
      </Page>,
    );
  });

  routes.post('/subject-access', async (c) => {
    const body = parseForm(subjectAccessSchema, await c.req.parseBody());
    const report = await readSubjectAccess(
      officerRead(deps, c),
      { ...body, format: 'pdf' },
      deps.clock.now(),
      { purposeTitles: deps.policy.purposeTitles(deps.network) },
    );
    const pdf = await subjectAccessPdf(report);
    const day = deps.clock.now().toISOString().slice(0, 10);
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="subject-access-${day}.pdf"`,
      'cache-control': 'no-store',
    });
  });
}
