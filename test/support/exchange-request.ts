import type { ExchangeRequest } from '../../broker/policy/exchange-request.ts';
import covenant from '../../policies/zvh/covenants/bonaire/data.json' with { type: 'json' };

/** Frozen time for the policy tests: a moment in the Bonaire covenant of 2020. */
export const NOW = '2026-11-23T10:00:00.000Z';

/** Every partner of the Bonaire covenant holds a standing acceptance of it. */
export const SIGNATORIES: readonly string[] = Object.keys(covenant.partners);

/**
 * A pull that the Bonaire covenant allows: youth care asks the police for incidents
 * about a person in a case in the case-meeting phase, with the person's consent.
 */
export function allowedPull(overrides: Partial<ExchangeRequest> = {}): ExchangeRequest {
  return {
    at: NOW,
    network: 'bonaire',
    action: 'pull',
    purpose: 'case_meeting',
    categories: ['police_incidents'],
    provider: { organisation: 'politie-cn' },
    recipient: { organisation: 'jeugdzorg-cn', role: 'case_participant' },
    signatories: SIGNATORIES,
    person: { age_band: '24-54', turns_16_in: null },
    case: {
      id: 'case-dv-1',
      phase: 'case_meeting',
      closed_at: null,
      shadow_review_at: null,
      participants: ['politie-cn', 'jeugdzorg-cn', 'sgb', 'zvh-bonaire'],
    },
    consents: [
      {
        id: 'consent-1',
        recipient: 'jeugdzorg-cn',
        categories: null,
        given_by: 'person',
        given_at: '2026-11-01T09:00:00.000Z',
        withdrawn_at: null,
      },
    ],
    objections: [],
    exceptions: [],
    formal_requests: [],
    ...overrides,
  };
}
