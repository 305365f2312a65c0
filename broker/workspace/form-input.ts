import type { z } from 'zod';
import { RequestInvalidError } from '../../adapters/contract/coded-error.ts';

/** A form leaves an unfilled field as ''; the schemas read that as not given. */
function filledIn(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
}

/**
 * A query string or a posted form through its schema; a refusal lists the fields and
 * rules, never the values (one may be a national identifier).
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  fields: Readonly<Record<string, unknown>>,
): z.infer<S> {
  const parsed = schema.safeParse(filledIn(fields));
  if (!parsed.success) {
    throw new RequestInvalidError(
      'the form does not match its rules',
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(form)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** YYYY-MM-DD as the start of that day in UTC: the trail's times are UTC. */
export function startOfDay(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** The day after YYYY-MM-DD: a form's "up to and including" as the exclusive bound. */
export function dayAfter(date: string): Date {
  return new Date(startOfDay(date).getTime() + 86_400_000);
}
