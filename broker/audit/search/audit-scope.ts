import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../store/database.ts';

/**
 * Which entries a privacy officer may read: the network's (of the coordinating
 * organisation) every entry of the network; a partner's only the entries in which its
 * organisation is requester, provider or recipient.
 */
export type AuditScope =
  | { readonly kind: 'network' }
  | { readonly kind: 'organisation'; readonly organisation: string };

export function auditScope(organisation: string, coordinator: string): AuditScope {
  return organisation === coordinator
    ? { kind: 'network' }
    : { kind: 'organisation', organisation };
}

/**
 * A push written before migration 0006, which names its recipient only in `details`.
 * Spelled without parameters so that both databases see that a query with it may use the
 * partial index `audit_entries_legacy_push`, which holds exactly these entries.
 */
export const LEGACY_PUSH_CONDITION =
  "recipient_organisation is null and event_type in ('exchange.push', 'exchange.push.delivered', 'exchange.push.rejected')";

/** Such a push to the organisation: its `details` hold `"recipient":"<organisation>"`. */
export function legacyPushTo(organisation: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.raw(LEGACY_PUSH_CONDITION)} and details like ${`%"recipient":${JSON.stringify(organisation)}%`})`;
}

/** The entries that name the organisation as requester, provider or recipient. */
export function namesOrganisation(
  eb: ExpressionBuilder<Database, 'audit_entries'>,
  organisation: string,
): Expression<SqlBool> {
  return eb.or([
    eb('requester_organisation', '=', organisation),
    eb('provider_organisation', '=', organisation),
    eb('recipient_organisation', '=', organisation),
    legacyPushTo(organisation),
  ]);
}
