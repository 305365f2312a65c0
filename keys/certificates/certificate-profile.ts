/**
 * What a certificate is for. The kind travels in the subject's organizationalUnitName, so
 * the broker and adapters can tell a partner system from the broker without a lookup.
 */
export type LeafKind = 'partner' | 'adapter' | 'broker-server' | 'broker-client' | 'person';

/**
 * The identity kind a verified peer presents: both broker certificates share one. A
 * `person` is an employee in a browser (the ZVH workspace), never a partner system.
 */
export type PeerKind = 'partner' | 'adapter' | 'broker' | 'person';

export const PEER_KIND_OF: Readonly<Record<LeafKind, PeerKind>> = Object.freeze({
  partner: 'partner',
  adapter: 'adapter',
  'broker-server': 'broker',
  'broker-client': 'broker',
  person: 'person',
});

/** The broker's own organisation identifier; never issued to a partner. */
export const BROKER_ORGANISATION = 'zvh-broker';

/**
 * Organisation identifiers as the covenant data spells them (`politie-cn`, `zvh-bonaire`).
 * Kept narrow so an identifier never needs escaping in a subject or a log line.
 */
export const ORGANISATION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const NETWORK_ID_PATTERN = ORGANISATION_ID_PATTERN;

export function isServerKind(kind: LeafKind): boolean {
  return kind === 'adapter' || kind === 'broker-server';
}
