import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The month a person in the age band 13-17 turns 16: the band cannot tell 15 from 16, and
 * consent under 16 is the legal representative's. A month, not a day, so that the broker
 * holds no date of birth. Persons added before this migration have none, and count as
 * under 16 while in the band.
 */
export function personTurns16(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('persons').addColumn('turns_16_in', 'text').execute();
    },
  };
}
