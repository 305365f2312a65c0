import { z } from 'zod';

/**
 * The closed vocabularies of the case process (DOMAIN.md): what the ZVH reports record
 * per case and per person, and the roles and phases the policy knows.
 */

export const caseTypeSchema = z.enum([
  'nuisance_report',
  'youth_crime',
  'group_crime',
  'sexual_offence',
  'neighbour_dispute',
  'domestic_violence',
  'compulsory_education',
  'social_unrest',
  'social_decline',
  'aftercare_after_detention',
  'multi_problem',
  'neglect',
]);
export type CaseType = z.infer<typeof caseTypeSchema>;

export const lifeDomainSchema = z.enum([
  'daily_living_skills',
  'crime',
  'thinking_behaviour_skills',
  'housing',
  'income_and_debts',
  'physical_health',
  'education',
  'parenting_minors',
  'mental_health',
  'social_relations',
  'addiction',
  'intellectual_disability',
  'work_daytime_activity',
]);
export type LifeDomain = z.infer<typeof lifeDomainSchema>;

/** The registration criteria: all of the first three, or the fourth. */
export const registrationCriteriaSchema = z.strictObject({
  multiple_life_domains: z.boolean(),
  cross_chain_cooperation: z.boolean(),
  impact_on_family_system: z.boolean(),
  serious_local_safety_problem: z.boolean(),
});
export type RegistrationCriteria = z.infer<typeof registrationCriteriaSchema>;

export function criteriaMet(criteria: RegistrationCriteria): boolean {
  return (
    (criteria.multiple_life_domains &&
      criteria.cross_chain_cooperation &&
      criteria.impact_on_family_system) ||
    criteria.serious_local_safety_problem
  );
}

export const ageBandSchema = z.enum(['0-3', '4-12', '13-17', '18-23', '24-54', '55+']);
export type AgeBand = z.infer<typeof ageBandSchema>;

/**
 * The month (`YYYY-MM`) a person in the band 13-17 turns 16, from which their own consent
 * counts: the band cannot tell 15 from 16. A month rather than a day keeps the date of
 * birth out of the broker; the policy counts the person as under 16 through that month.
 */
export const turns16InSchema = z
  .string()
  .regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');

export const genderSchema = z.enum(['female', 'male', 'other', 'unknown']);
export type Gender = z.infer<typeof genderSchema>;

/** The evaluation outcomes of a closed case in the 2017-2020 report. */
export const evaluationOutcomeSchema = z.enum([
  'positive_without_involvement',
  'positive_with_involvement',
  'negative_without_solutions',
  'reopened',
]);
export type EvaluationOutcome = z.infer<typeof evaluationOutcomeSchema>;

/** Who gave or refused consent: the person, or a legal representative (parent, guardian). */
export const statementGiverSchema = z.enum(['person', 'legal_representative']);
export type StatementGiver = z.infer<typeof statementGiverSchema>;

export const obtainedHowSchema = z.enum(['in_person', 'in_writing', 'by_phone', 'digital_form']);
export type ObtainedHow = z.infer<typeof obtainedHowSchema>;

export const exceptionReasonSchema = z.enum([
  'danger_to_those_involved',
  'person_unreachable',
  'legal_obligation',
  'vital_interest',
]);
export type ExceptionReason = z.infer<typeof exceptionReasonSchema>;

/** A providing organisation's decision about an exception for special categories. */
export const providerDecisionSchema = z.enum(['approved', 'refused']);
export type ProviderDecision = z.infer<typeof providerDecisionSchema>;

/** Organisation, category and purpose ids of the covenant data: lower-case slugs. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const slugSchema = z
  .string()
  .regex(SLUG_PATTERN, 'must be a lower-case id of letters, digits, _ and -');

export const categoriesSchema = z.array(slugSchema).min(1).max(64);

/**
 * Free text that reaches the store: bounded, and never copied into the domain events.
 * Surrounding white space is removed; `\S` tells a caller that blank text is refused.
 */
export const textSchema = z.string().trim().min(1).max(4000).regex(/\S/, 'must not be blank');
