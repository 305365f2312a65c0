/**
 * When a bundle whose covenants all begin after `now` should take over: the latest
 * `not_before` among the covenants in its data (`data.zvh.covenants.<network>`), so that
 * no network's covenant is out of force under it. Null when the bundle should be activated
 * at once: it has no covenant, or one of them has begun by `now` or states no readable start.
 *
 * @example
 * laterStart(bundle.data, clock.now()); // 2028-01-01T00:00:00.000Z for a renewal from 2028
 */
export function laterStart(data: unknown, now: Date): Date | null {
  const covenants = (data as { zvh?: { covenants?: unknown } } | null)?.zvh?.covenants;
  if (typeof covenants !== 'object' || covenants === null) return null;
  let latest: number | null = null;
  for (const content of Object.values(covenants)) {
    const notBefore = (content as { not_before?: unknown } | null)?.not_before;
    const start = typeof notBefore === 'string' ? Date.parse(notBefore) : Number.NaN;
    if (!(start > now.getTime())) return null;
    latest = Math.max(latest ?? start, start);
  }
  return latest === null ? null : new Date(latest);
}
