import type { PageContext } from '../workspace-context.ts';

/** The audit module's own navigation, under the main one. */
export function auditSections(ctx: PageContext) {
  return [
    { href: ctx.link('/audit'), label: { nl: 'Zoeken', en: 'Search' } },
    { href: ctx.link('/audit/person'), label: { nl: 'Zoeken op persoon', en: 'Search by person' } },
    {
      href: ctx.link('/audit/subject-access'),
      label: { nl: 'Inzageverzoek', en: 'Subject access' },
    },
    { href: ctx.link('/audit/status'), label: { nl: 'Keten', en: 'Chain' } },
    { href: ctx.link('/audit/statistics'), label: { nl: 'Statistiek', en: 'Statistics' } },
  ] as const;
}
