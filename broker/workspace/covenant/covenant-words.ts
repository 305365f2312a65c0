import type { CovenantDecision } from '../../../adapters/contract/covenant-decision.ts';
import type { Words } from '../language.ts';

/** A partner's standing decision about a version, and the lack of one. */
export const DECISION_WORDS: Readonly<Record<CovenantDecision | 'none', Words>> = {
  accept: { nl: 'aanvaard', en: 'accepted' },
  reject: { nl: 'afgewezen', en: 'rejected' },
  revoke: { nl: 'ingetrokken', en: 'revoked' },
  none: { nl: 'nog niet beslist', en: 'not decided yet' },
};

/** The badge class of a decision: an acceptance reads as good, a rejection or revocation as a warning. */
export const DECISION_BADGE: Readonly<Record<CovenantDecision | 'none', string>> = {
  accept: 'badge allow',
  reject: 'badge deny',
  revoke: 'badge deny',
  none: 'badge',
};
