import type { CasePhase } from '../../../policies/vocabulary/case-phases.ts';
import type { Words } from '../language.ts';

export const PHASE_WORDS: Readonly<Record<CasePhase, Words>> = {
  registration: { nl: 'aanmelding', en: 'registration' },
  triage: { nl: 'triage', en: 'triage' },
  case_meeting: { nl: 'casusoverleg', en: 'case meeting' },
  monitoring: { nl: 'monitoring', en: 'monitoring' },
  shadow_list: { nl: 'schaduwlijst', en: 'shadow list' },
  closed: { nl: 'afgesloten', en: 'closed' },
};

export const ACTION_STATUS_WORDS: Readonly<Record<string, Words>> = {
  agreed: { nl: 'afgesproken', en: 'agreed' },
  in_progress: { nl: 'in uitvoering', en: 'in progress' },
  done: { nl: 'gedaan', en: 'done' },
  dropped: { nl: 'vervallen', en: 'dropped' },
};

/** The sections of the cases module, under the main navigation. */
export const CASE_SECTIONS = [
  { path: '/cases', label: { nl: 'Casussen', en: 'Cases' } },
  { path: '/cases/report', label: { nl: 'Jaarrapportage', en: 'Yearly report' } },
] as const;
