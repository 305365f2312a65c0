import { z } from 'zod';

/**
 * The roles an employee of a partner holds in a case (DOMAIN.md, "Roles"), most
 * privileged first: a push decides for a recipient organisation with the first of these
 * that any of its employees holds. The user assertion, the policy input, the store and
 * the API all speak these.
 */
export const CASE_ROLES = [
  'process_director',
  'case_director',
  'case_participant',
  'privacy_officer',
] as const;

export const caseRoleSchema = z.enum(CASE_ROLES);
export type CaseRole = z.infer<typeof caseRoleSchema>;
