import type { CovenantVocabulary } from './covenant-vocabulary.ts';
import type { Decision } from './decision.ts';
import type { ExchangeRequest } from './exchange-request.ts';
import type { PurposeTitles } from './purpose-titles.ts';

/**
 * What the broker needs from a policy engine. `decide` never throws: any failure on the
 * way to a decision is itself a deny decision with an engine reason code.
 */
export interface PolicyEngine {
  /** The bundle revision every decision is made under (stamped into the audit trail). */
  readonly revision: string;
  decide(request: ExchangeRequest): Decision;
  /** The categories and fields of the network's covenant: all a decision can permit. */
  vocabulary(network: string): CovenantVocabulary;
  /** The covenant's purposes with their titles, for reports that name them in words. */
  purposeTitles(network: string): PurposeTitles;
  /**
   * The id (`sha256:<hex>` of the canonical content) of the network's covenant version in
   * this bundle, or null when the bundle has no covenant for the network.
   */
  covenantVersionId(network: string): string | null;
}
