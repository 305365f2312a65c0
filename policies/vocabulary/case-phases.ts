import { z } from 'zod';

/** The four-phase case process of DOMAIN.md, with registration before and closing after. */
export const CASE_PHASES = [
  'registration',
  'triage',
  'case_meeting',
  'monitoring',
  'shadow_list',
  'closed',
] as const;

export const casePhaseSchema = z.enum(CASE_PHASES);
export type CasePhase = z.infer<typeof casePhaseSchema>;
