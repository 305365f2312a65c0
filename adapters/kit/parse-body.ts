import type { z } from 'zod';
import { RequestInvalidError } from '../contract/coded-error.ts';

/**
 * Validates a request body; the issues name paths and rules only, because zod's default
 * messages may quote the input and the input may be a national identifier.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(body)'}: ${issue.code}`,
  );
  throw new RequestInvalidError('the request body is not valid', issues);
}
