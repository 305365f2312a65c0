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
