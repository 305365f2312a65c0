import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
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
 * The entries that name the organisation as requester, provider or recipient, in SQL. A
 * push written before migration 0006 names its recipient only in `details`, as canonical
 * JSON: `"recipient":"<organisation>"`.
 */
export function namesOrganisation(
  eb: ExpressionBuilder<Database, 'audit_entries'>,
  organisation: string,
): Expression<SqlBool> {
  return eb.or([
    eb('requester_organisation', '=', organisation),
    eb('provider_organisation', '=', organisation),
    eb('recipient_organisation', '=', organisation),
    eb.and([
      eb('recipient_organisation', 'is', null),
      eb('event_type', 'like', 'exchange.push%'),
      eb('details', 'like', `%"recipient":${JSON.stringify(organisation)}%`),
    ]),
  ]);
}
