import type { ReasonCode } from '../../policies/vocabulary/reason-codes.ts';
import type { DenyReason } from '../policy/decision.ts';

/**
 * Per requested category that a partly allowed decision did not permit, its reason codes,
 * so that a recipient learns why a category it asked for is missing.
 *
 * @example
 * withheldCategories(decision.reasons); // { police_incidents: ['CATEGORY_DISPROPORTIONATE'] }
 */
export function withheldCategories(reasons: readonly DenyReason[]): Record<string, ReasonCode[]> {
  const withheld: Record<string, ReasonCode[]> = {};
  for (const { code, category } of reasons) {
    if (category === undefined) continue;
    withheld[category] = [...(withheld[category] ?? []), code].sort();
  }
  return withheld;
}
