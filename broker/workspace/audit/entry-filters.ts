import { z } from 'zod';
import { ORGANISATION_ID_PATTERN } from '../../../keys/certificates/certificate-profile.ts';
import type { EntryFilters } from '../../audit/search/entry-search.ts';
import { filterDetails } from '../../audit/search/read-record.ts';
import type { EventDetails } from '../../audit/trail/audit-record.ts';
import { slugSchema } from '../../store/domain-vocabulary.ts';
import { dayAfter, startOfDay } from '../form-input.ts';

const organisation = z.string().regex(ORGANISATION_ID_PATTERN);

/** The API's filters of a search (routes/audit.ts), with its bounds, as a form sends them. */
export const entryFilterFields = {
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  requester: organisation.optional(),
  provider: organisation.optional(),
  recipient: organisation.optional(),
  caseId: z.uuid().optional(),
  purpose: slugSchema.optional(),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_.]{0,63}$/)
    .optional(),
  decision: z.enum(['allow', 'deny']).optional(),
  reason: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,63}$/)
    .optional(),
  exchangeId: z.uuid().optional(),
  traceId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  cursor: z.string().max(64).optional(),
};

export const entryFiltersSchema = z.object(entryFilterFields);
export type EntryFilterForm = z.infer<typeof entryFiltersSchema>;

/** The names of the filters, in the order of the form. */
export const FILTER_NAMES = Object.keys(entryFilterFields).filter(
  (name) => name !== 'cursor',
) as (keyof EntryFilterForm)[];

/** The form's filters as the search takes them: dates as UTC days, `to` included. */
export function entryFilters(form: EntryFilterForm): EntryFilters {
  const { from, to, cursor: _cursor, ...rest } = form;
  return {
    ...rest,
    ...(from === undefined ? {} : { from: startOfDay(from) }),
    ...(to === undefined ? {} : { to: dayAfter(to) }),
  };
}

/** The filters as the read's own entry records them: names and codes, never a person. */
export function recordedFilters(form: EntryFilterForm): EventDetails {
  const { cursor: _cursor, ...filters } = form;
  return filterDetails(filters);
}

/** The filters as the query of a link to the next page. */
export function filterQuery(form: EntryFilterForm): Record<string, string | undefined> {
  return Object.fromEntries(FILTER_NAMES.map((name) => [name, form[name]]));
}
