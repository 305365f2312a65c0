import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/database.ts';
import { type AuditEntryView, entryView } from '../search/audit-entry-view.ts';
import { namesOrganisation } from '../search/audit-scope.ts';

/** Which entries an export reads: one network's, in [from, to), optionally one organisation's. */
export interface PeriodQuery {
  readonly network: string;
  readonly from: Date;
  /** Exclusive, so that consecutive periods (a month, the next month) never share an entry. */
  readonly to: Date;
  /** Only entries in which this organisation is requester, provider or recipient. */
  readonly organisation?: string;
}

export const DEFAULT_BATCH_SIZE = 1000;
export const MAX_BATCH_SIZE = 10_000;

/**
 * A period as a route or a CLI receives it: ISO 8601 instants with an offset, `from`
 * before `to`. The period itself is not capped: an export streams, whatever its length.
 */
export const periodQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
    to: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
    organisation: z.string().min(1).max(200).optional(),
  })
  // Runs on a failed field too, with the text it failed on: only two dates are compared.
  .refine(({ from, to }) => !(from instanceof Date && to instanceof Date) || from < to, {
    message: 'from must be before to',
    path: ['to'],
  });

/**
 * The entries of a period, oldest first (by `seq`), read in batches of `batchSize` so that
 * an export of any length holds one batch in memory at a time. It reads up to the last
 * entry of the period when it starts, paging by `seq`: an entry appended meanwhile can
 * neither shift a page nor be read twice, and a period that is still running is exported
 * as it stood at the start.
 *
 * @example
 * for await (const entry of periodEntries(db, { network: 'bonaire', from, to })) write(entry);
 */
export async function* periodEntries(
  db: Kysely<Database>,
  query: PeriodQuery,
  batchSize = DEFAULT_BATCH_SIZE,
): AsyncGenerator<AuditEntryView> {
  const { network, organisation } = query;
  const from = instant(query.from, 'from');
  const to = instant(query.to, 'to');
  if (from >= to) throw new TypeError('a period needs from before to');
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new TypeError(`batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}`);
  }

  // `at` grows with `seq` (the trail's clock stamps appends), so the period's seq range,
  // found once on the `at` index, keeps every batch a primary-key range scan instead of a
  // scan from the start of the trail. The `at` filter stays in each batch: an entry given
  // a time of its own may sit inside the range without belonging to the period.
  const bounds = await db
    .selectFrom('audit_entries')
    .select((eb) => [eb.fn.min('seq').as('first'), eb.fn.max('seq').as('last')])
    .where('at', '>=', from)
    .where('at', '<', to)
    .executeTakeFirst();
  if (bounds?.first === null || bounds?.first === undefined || bounds.last === null) return;
  const last = Number(bounds.last);

  let after = Number(bounds.first) - 1;
  while (after < last) {
    let select = db
      .selectFrom('audit_entries')
      .selectAll()
      .where('network_id', '=', network)
      .where('seq', '>', after)
      .where('seq', '<=', last)
      .where('at', '>=', from)
      .where('at', '<', to);
    if (organisation !== undefined) {
      select = select.where((eb) => namesOrganisation(eb, organisation));
    }
    const rows = await select.orderBy('seq').limit(batchSize).execute();
    for (const row of rows) yield entryView(row);
    if (rows.length < batchSize) return;
    after = Number(rows[rows.length - 1]?.seq);
  }
}

/** `at` is stored as `toISOString()` text, so instants compare as these strings do. */
function instant(date: Date, name: string): string {
  if (Number.isNaN(date.getTime())) throw new TypeError(`${name} is not a valid date`);
  return date.toISOString();
}
