import type { Words } from './language.ts';
import { WORKSPACE_ROOT } from './workspace-context.ts';

const HEADLINES: Readonly<Record<number, Words>> = {
  400: { nl: 'Dit verzoek is niet begrepen', en: 'This request was not understood' },
  401: {
    nl: 'Uw certificaat geeft geen toegang tot de werkplaats',
    en: 'Your certificate gives no access to the workspace',
  },
  403: { nl: 'Uw rol mag deze pagina niet openen', en: 'Your role may not open this page' },
  404: { nl: 'Niet gevonden', en: 'Not found' },
  422: { nl: 'Dit kan zo niet', en: 'This cannot be done this way' },
  429: { nl: 'Te vaak geweigerd', en: 'Refused too often' },
};

const FAILED: Words = { nl: 'Er ging iets mis', en: 'Something went wrong' };

export interface ErrorPageProps {
  readonly language: 'nl' | 'en';
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly requestId: string;
}

/**
 * A refusal or failure as a page: what happened in words, its stable code and the
 * request id for the operator. Stands alone, since it may come before anyone is known.
 */
export function ErrorPage({ language, status, code, detail, requestId }: ErrorPageProps) {
  const headline = (HEADLINES[status] ?? FAILED)[language];
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{headline}</title>
        <link rel="stylesheet" href={`${WORKSPACE_ROOT}/assets/workspace.css`} />
        <link rel="icon" href={`${WORKSPACE_ROOT}/assets/icon.svg`} type="image/svg+xml" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href={WORKSPACE_ROOT}>
            {language === 'nl' ? 'ZVH-werkplaats' : 'ZVH workspace'}
          </a>
        </header>
        <main id="main">
          <h1>{headline}</h1>
          <p class="alert">
            <code>{code}</code>
            {detail === undefined ? null : ` — ${detail}`}
          </p>
          <p>
            {language === 'nl' ? 'Verzoeknummer' : 'Request id'}: <code>{requestId}</code>
          </p>
        </main>
      </body>
    </html>
  );
}
