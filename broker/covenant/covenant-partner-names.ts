import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';

/**
 * The name of every organisation any covenant version of the network named, the newest
 * proposal's name winning: the past's partners keep their names in reports about the past
 * after they left the covenant.
 *
 * @example
 * const names = await covenantPartnerNames(db, 'bonaire'); // Map { 'politie-cn' => 'Korps …' }
 */
export async function covenantPartnerNames(
  db: Kysely<Database>,
  network: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('covenant_versions')
    .select('content')
    .where('network_id', '=', network)
    .orderBy('proposed_at')
    .execute();
  const names = new Map<string, string>();
  for (const row of rows) {
    const partners = (JSON.parse(row.content) as { partners?: Record<string, { name?: unknown }> })
      .partners;
    for (const [organisation, partner] of Object.entries(partners ?? {})) {
      if (typeof partner.name === 'string') names.set(organisation, partner.name);
    }
  }
  return names;
}
