import type { z } from 'zod';
import { RequestInvalidError } from '../../adapters/contract/coded-error.ts';

/**
 * Validates what enters the domain layer. The issues name paths and rules, never the
 * offending values: one of them may be a national identifier.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new RequestInvalidError(
    `invalid ${what}`,
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}
