import { z } from 'zod';
import { ManifestInvalidError } from './adapter-error.ts';
import type { CovenantVocabulary } from './covenant-vocabulary.ts';

/**
 * What an adapter may release: per category the fields. Anything a data source returns
 * beyond this is dropped before it leaves the adapter.
 */
export type ExposureManifest = ReadonlyMap<string, readonly string[]>;

/** The manifest as a partner writes it in its configuration file. */
export type ExposureManifestInput = Readonly<Record<string, readonly string[]>>;

function manifestSchema(vocabulary: CovenantVocabulary) {
  return z.record(z.string(), z.array(z.string()).min(1, 'declares no fields')).check((context) => {
    if (Object.keys(context.value).length === 0) {
      context.issues.push({
        code: 'custom',
        message: 'declares no categories',
        input: context.value,
      });
    }
    for (const [category, fields] of Object.entries(context.value)) {
      const known = vocabulary.get(category);
      if (known === undefined) {
        context.issues.push({
          code: 'custom',
          message: `category ${category} is not in the covenant`,
          input: category,
          path: [category],
        });
        continue;
      }
      const unknown = fields.filter((field) => !known.has(field));
      const duplicated = fields.filter((field, at) => fields.indexOf(field) !== at);
      for (const field of [...unknown, ...duplicated]) {
        context.issues.push({
          code: 'custom',
          message: unknown.includes(field)
            ? `field ${field} is not a field of ${category} in the covenant`
            : `field ${field} is declared twice`,
          input: field,
          path: [category],
        });
      }
    }
  });
}

/**
 * Checks a manifest against the covenant's category and field names, and throws a
 * ManifestInvalidError whose one-line message names the first problem.
 *
 * @example
 * const manifest = parseExposureManifest({ mental_health_treatment: ['in_treatment'] }, vocabulary);
 */
export function parseExposureManifest(
  input: unknown,
  vocabulary: CovenantVocabulary,
): ExposureManifest {
  const parsed = manifestSchema(vocabulary).safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ManifestInvalidError(`${where}${issue?.message ?? 'invalid'}`);
  }
  return new Map(
    Object.entries(parsed.data).map(([category, fields]) => [category, Object.freeze(fields)]),
  );
}
