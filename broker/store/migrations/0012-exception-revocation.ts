import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * When the process director revoked a legal-ground exception, apart from when it ends:
 * the policy tells a revoked exception (EXCEPTION_REVOKED) from one that expired
 * (EXCEPTION_EXPIRED). A revocation still ends the exception at that moment (expires_at).
 * Revocations made before this migration left no mark apart from their ended expiry, so
 * they stay expiries.
 */
export function exceptionRevocation(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('legal_ground_exceptions')
        .addColumn('revoked_at', 'text')
        .execute();
    },
  };
}
