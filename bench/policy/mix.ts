import type { ExchangeRequest } from '../../broker/policy/exchange-request.ts';
import { allowedPull } from '../../test/support/exchange-request.ts';

/**
 * One kind of request in the benchmark mix. `weight` is how often it comes round in a
 * cycle of the mix; `expect` is the outcome it stands for, checked before timing so that
 * a policy change cannot quietly turn, say, the partial denial into a full one.
 */
export interface MixCase {
  readonly name: string;
  readonly weight: number;
  readonly request: ExchangeRequest;
  readonly expect: { readonly allow: boolean; readonly reasons: readonly string[] };
}

/** Youth care pulls from the police in the case-meeting phase, with consent. */
function pull(overrides: Partial<ExchangeRequest>): ExchangeRequest {
  const base = allowedPull();
  return allowedPull({
    case: {
      ...base.case,
      id: 'case-bench-1',
      participants: ['zvh-bonaire', 'politie-cn', 'om-bes', 'jeugdzorg-cn', 'sgb'],
    },
    ...overrides,
  });
}

// Allowed exchanges dominate real traffic; denials and reuse are the exception.
export const MIX: readonly MixCase[] = [
  {
    name: 'allowed pull, 5 categories',
    weight: 4,
    request: pull({
      categories: [
        'identification',
        'case_involvement',
        'police_incidents',
        'police_reports',
        'signal',
      ],
    }),
    expect: { allow: true, reasons: [] },
  },
  {
    name: 'partial denial (school gets no police data)',
    weight: 2,
    request: pull({
      categories: ['identification', 'case_involvement', 'police_incidents', 'police_reports'],
      recipient: { organisation: 'sgb', role: 'case_participant' },
      consents: [
        {
          id: 'consent-sgb',
          recipient: 'sgb',
          categories: null,
          given_by: 'person',
          given_at: '2026-11-01T09:00:00.000Z',
          withdrawn_at: null,
        },
      ],
    }),
    expect: { allow: true, reasons: ['DOMAIN_NOT_PERMITTED', 'SPECIAL_CATEGORY_NO_BASIS'] },
  },
  {
    name: 'missing consent',
    weight: 2,
    request: pull({ categories: ['police_incidents', 'police_reports'], consents: [] }),
    expect: { allow: false, reasons: ['CONSENT_MISSING'] },
  },
  {
    name: 'reuse with approved formal request',
    weight: 1,
    request: pull({
      purpose: 'criminal_investigation',
      categories: ['police_incidents', 'police_reports'],
      recipient: { organisation: 'om-bes', role: 'case_participant' },
      consents: [],
      formal_requests: [
        {
          id: 'formal-request-1',
          requester: 'om-bes',
          provider: 'politie-cn',
          purpose: 'criminal_investigation',
          categories: ['police_incidents', 'police_reports'],
          status: 'approved',
          decided_at: '2026-11-20T14:00:00.000Z',
          expires_at: '2027-02-20T14:00:00.000Z',
        },
      ],
    }),
    expect: { allow: true, reasons: [] },
  },
  {
    name: 'retention expired (closed 2025)',
    weight: 1,
    request: pull({
      purpose: 'evaluation',
      categories: ['case_involvement', 'meeting_outcome'],
      recipient: { organisation: 'zvh-bonaire', role: 'process_director' },
      case: {
        id: 'case-bench-2',
        phase: 'closed',
        closed_at: '2025-06-30T12:00:00.000Z',
        shadow_review_at: null,
        participants: ['zvh-bonaire', 'politie-cn'],
      },
      consents: [
        {
          id: 'consent-zvh',
          recipient: 'zvh-bonaire',
          categories: null,
          given_by: 'person',
          given_at: '2025-01-10T09:00:00.000Z',
          withdrawn_at: null,
        },
      ],
    }),
    expect: { allow: false, reasons: ['RETENTION_EXPIRED'] },
  },
];

/**
 * The requests of one cycle of the mix, each case as often as its weight, interleaved
 * (A B C D E A B C A A) rather than in runs, as independent callers would send them.
 */
export function schedule(mix: readonly MixCase[]): ExchangeRequest[] {
  const rounds = Math.max(...mix.map((entry) => entry.weight));
  const requests: ExchangeRequest[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const entry of mix) if (entry.weight > round) requests.push(entry.request);
  }
  return requests;
}
