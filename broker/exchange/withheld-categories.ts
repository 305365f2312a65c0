import type { ReasonCode } from '../../policies/vocabulary/reason-codes.ts';
import type { ReasonDetail } from '../audit/trail/audit-record.ts';
import type { DenyReason } from '../policy/decision.ts';

/**
 * Per requested category that a decision did not permit, its reason codes, so that a
 * recipient learns why a category it asked for is missing. A denial names them too: the
 * codes reveal no data.
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

/** A decision's reasons as the trail records them: the request's, and each category's. */
export interface TrailReasons {
  readonly reasons: ReasonCode[];
  readonly categoryReasons: Required<ReasonDetail>[];
}

export function trailReasons(reasons: readonly DenyReason[] | undefined): TrailReasons {
  const request: ReasonCode[] = [];
  const categoryReasons: Required<ReasonDetail>[] = [];
  for (const { code, category } of reasons ?? []) {
    if (category === undefined) request.push(code);
    else categoryReasons.push({ code, category });
  }
  return { reasons: request, categoryReasons };
}
