/** The workspace speaks Dutch and English; Dutch where nothing else is asked for. */
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A label in both languages: every word the workspace shows is one. */
export interface Words {
  readonly nl: string;
  readonly en: string;
}

export interface LanguageChoice {
  readonly language: Language;
  /** Chosen with `?lang=`: the workspace's links carry it on, over the browser's own. */
  readonly explicit: boolean;
}

const isLanguage = (value: string | undefined): value is Language =>
  value === 'nl' || value === 'en';

/**
 * `?lang=nl|en` wins; otherwise the first of the two the browser's Accept-Language names
 * by its weights; otherwise Dutch. No cookie: the choice lives in the links.
 *
 * @example
 * chosenLanguage(undefined, 'en-GB,en;q=0.9,nl;q=0.8'); // { language: 'en', explicit: false }
 */
export function chosenLanguage(
  query: string | undefined,
  acceptLanguage: string | undefined,
): LanguageChoice {
  if (isLanguage(query)) return { language: query, explicit: true };
  const ranked = (acceptLanguage ?? '')
    .slice(0, 256)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const weight = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { primary: tag.toLowerCase().split('-')[0], weight: Number(weight ?? 1), index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  const found = ranked.find((entry) => isLanguage(entry.primary))?.primary;
  return { language: isLanguage(found) ? found : 'nl', explicit: false };
}

/**
 * Words with `{name}` placeholders filled in; a placeholder without a value stays.
 *
 * @example
 * filled('from {from} to {to}', { from: '2020-01-20', to: '2028-01-01' });
 */
export function filled(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
