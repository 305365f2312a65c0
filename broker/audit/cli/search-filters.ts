import { z } from 'zod';
import { ORGANISATION_ID_PATTERN } from '../../../keys/certificates/certificate-profile.ts';
import { slugSchema } from '../../store/domain-vocabulary.ts';
import { type EntryFilters, MAX_PAGE_LIMIT } from '../search/entry-search.ts';
import { UsageError } from './cli-io.ts';

const organisation = z.string().regex(ORGANISATION_ID_PATTERN, 'must be an organisation id');
/** A day (`2026-03-01`, midnight UTC) or an instant with its offset. */
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], 'must be a date or an ISO 8601 instant')
  .transform((text) => new Date(text));

/** The search flags as they come from the command line, in the API's words and bounds. */
const searchFlagsSchema = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  requester: organisation.optional(),
  provider: organisation.optional(),
  recipient: organisation.optional(),
  case: z.uuid('must be a case id (a UUID)').optional(),
  purpose: slugSchema.optional(),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_.]{0,63}$/, 'must be an event type such as exchange.pull')
    .optional(),
  decision: z.enum(['allow', 'deny']).optional(),
  reason: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'must be a reason code such as CONSENT_MISSING')
    .optional(),
  exchange: z.uuid('must be an exchange id (a UUID)').optional(),
  trace: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits')
    .optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).optional(),
});

export interface ParsedSearch {
  readonly filters: EntryFilters;
  readonly cursor: string | undefined;
  readonly limit: number | undefined;
}

/** The flags as the search's filters; a flag out of bounds is a usage error naming it. */
export function parseSearchFlags(
  flags: Readonly<Record<string, string | undefined>>,
): ParsedSearch {
  const parsed = searchFlagsSchema.safeParse(flags);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${issue?.path.join('.')}: ${issue?.message}`);
  }
  const { case: caseId, exchange, trace, cursor, limit, ...rest } = parsed.data;
  return {
    filters: { ...rest, caseId, exchangeId: exchange, traceId: trace },
    cursor,
    limit,
  };
}
