import { covenantVersionId } from './covenant-id.ts';

/**
 * The id of each network's covenant content in a policy bundle's data
 * (`data.zvh.covenants.<network>`): the one version a bundle implements per network.
 * Computed once per bundle; a bundle without covenants yields an empty map.
 *
 * @example
 * const ids = bundleCovenantIds(bundle.data);
 * ids.get('bonaire'); // 'sha256:…'
 */
export function bundleCovenantIds(data: unknown): ReadonlyMap<string, string> {
  const covenants = (data as { zvh?: { covenants?: unknown } } | null)?.zvh?.covenants;
  if (typeof covenants !== 'object' || covenants === null) return new Map();
  return new Map(
    Object.entries(covenants).map(([network, content]) => [network, covenantVersionId(content)]),
  );
}
