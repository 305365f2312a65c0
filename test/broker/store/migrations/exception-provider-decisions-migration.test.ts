import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../broker/store/open-database.ts';
import {
  emptyDatabase,
  MIGRATION_DIALECTS,
  openDatabaseAt,
  removeDatabase,
} from '../../../support/migrating-database.ts';

const AT = '2026-03-02T09:00:00.000Z';

describe.each(MIGRATION_DIALECTS)(
  'the exception provider decisions migration (0015) [%s]',
  (dialect) => {
    it('adds the decisions beside the exceptions recorded before it, which have none', async () => {
      const url = await emptyDatabase(dialect);
      // The release before the table: an exception recorded as it recorded them.
      const before = await openDatabaseAt(url, '0014-person-turns-16');
      await before
        .insertInto('networks')
        .values({
          id: 'bonaire',
          name: 'ZVH Bonaire',
          coordinator_organisation: 'zvh-bonaire',
          covenant_version: null,
          retention_years: 1,
          audit_retention_years: 5,
          shadow_review_months: 6,
          created_at: AT,
        })
        .execute();
      await before
        .insertInto('cases')
        .values({
          id: 'case-1',
          network_id: 'bonaire',
          case_type: 'neglect',
          criteria: '{}',
          life_domains: '["housing"]',
          phase: 'monitoring',
          registered_by_organisation: 'politie-cn',
          registered_by_user: 'agent-17',
          registered_at: AT,
          triage_decision: null,
          shadow_review_at: null,
          outcome: null,
          closed_at: null,
          updated_at: AT,
        })
        .execute();
      await before
        .insertInto('persons')
        .values({
          id: 'person-1',
          case_id: 'case-1',
          pseudonym: 'pseudonym-1',
          national_id_sealed: 'sealed',
          age_band: '4-12',
          turns_16_in: null,
          gender: 'male',
          added_at: AT,
        })
        .execute();
      await before
        .insertInto('legal_ground_exceptions')
        .values({
          id: 'exception-1',
          case_id: 'case-1',
          person_id: 'person-1',
          recipient: 'jeugdzorg-cn',
          categories: '["police_incidents"]',
          reason: 'danger_to_those_involved',
          justification: 'Unsafe to ask.',
          approved_by_organisation: 'zvh-bonaire',
          approved_by_user: 'procesregisseur-1',
          approved_by_role: 'process_director',
          approved_at: AT,
          expires_at: '2026-04-01T00:00:00.000Z',
          revoked_at: null,
        })
        .execute();
      await before.destroy();

      const { db } = await openDatabase(url);
      try {
        expect(await db.selectFrom('exception_provider_decisions').selectAll().execute()).toEqual(
          [],
        );
        const decision = {
          exception_id: 'exception-1',
          provider: 'politie-cn',
          case_id: 'case-1',
          decision: 'approved',
          reason: 'Proportionate.',
          decided_by_user: 'agent-17',
          decided_at: AT,
        };
        await db.insertInto('exception_provider_decisions').values(decision).execute();
        // One decision per provider, and only about an exception there is.
        await expect(
          db
            .insertInto('exception_provider_decisions')
            .values({ ...decision, decision: 'refused' })
            .execute(),
        ).rejects.toThrow();
        await expect(
          db
            .insertInto('exception_provider_decisions')
            .values({ ...decision, exception_id: 'exception-2' })
            .execute(),
        ).rejects.toThrow();
        expect(
          await db.selectFrom('exception_provider_decisions').select('decision').execute(),
        ).toEqual([{ decision: 'approved' }]);
      } finally {
        await db.destroy();
        removeDatabase(url);
      }
    });
  },
);
