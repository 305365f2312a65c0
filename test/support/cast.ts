import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { Caller } from './api-client.ts';
import type { Holder } from './certificates.ts';

/** The organisations the API tests act for; `krusada` never takes part in the test case. */
export const ORGANISATIONS = [
  'politie-cn',
  'zvh-bonaire',
  'jeugdzorg-cn',
  'sgb',
  'mhc',
  'krusada',
] as const;
export type Organisation = (typeof ORGANISATIONS)[number];

export function caller(
  holders: Record<Organisation, Holder>,
  organisation: Organisation,
  user: string,
  role: CaseRole,
): Caller {
  return { organisation, holder: holders[organisation], user, role };
}

/** The cast of the test case, by what they are in it. */
export function cast(holders: Record<Organisation, Holder>) {
  return {
    registrant: caller(holders, 'politie-cn', 'agent-17', 'case_participant'),
    processDirector: caller(holders, 'zvh-bonaire', 'procesregisseur-1', 'process_director'),
    caseDirector: caller(holders, 'jeugdzorg-cn', 'jeugdwerker-4', 'case_director'),
    participant: caller(holders, 'sgb', 'mentor-2', 'case_participant'),
    privacyOfficer: caller(holders, 'mhc', 'privacy-1', 'privacy_officer'),
  } as const satisfies Record<string, Caller>;
}

/** Takes no part in the test case. */
export function outsider(holders: Record<Organisation, Holder>): Caller {
  return caller(holders, 'krusada', 'x-1', 'case_participant');
}
