import { z } from 'zod';
import { slugSchema } from '../store/domain-vocabulary.ts';
import { checkCovenantContent } from './covenant-content-check.ts';
import { CovenantContentInvalidError } from './covenant-errors.ts';

const instant = z.iso.datetime({ offset: false, precision: 3 });

/**
 * The audit trail's term where a covenant states none: no seed gives one (their "een jaar na
 * beëindiging" is the case's term, counted from its closing), so it is a modelling choice,
 * long enough that a case that runs for years keeps its recent entries.
 */
export const DEFAULT_AUDIT_RETENTION_YEARS = 5;

/**
 * The part of covenant content the broker itself reads: who the partners are, what the
 * version is called and when it is in force. The policy reads the rest (the purposes'
 * matrix, categories, roles); every field is bounded, so a proposal cannot grow the store
 * without limit.
 */
const covenantContentSchema = z
  .looseObject({
    name: z.string().trim().min(1).max(200),
    version: slugSchema,
    not_before: instant,
    not_after: instant,
    retention_years: z.int().min(1).max(30),
    // Optional, and no default filled in here: the content read is the content signed.
    audit_retention_years: z.int().min(1).max(30).optional(),
    shadow_list_review_months: z.int().min(1).max(24),
    partners: z
      .record(
        slugSchema,
        z.looseObject({ name: z.string().trim().min(1).max(200), domain: slugSchema }),
      )
      .refine((partners) => Object.keys(partners).length >= 1, 'must name a partner')
      .refine((partners) => Object.keys(partners).length <= 200, 'at most 200 partners'),
    purposes: z
      .record(slugSchema, z.looseObject({ title: z.string().min(1).max(500) }))
      .refine((purposes) => Object.keys(purposes).length <= 100, 'at most 100 purposes'),
  })
  .refine((content) => content.not_before < content.not_after, {
    message: 'not_before must come before not_after',
    path: ['not_after'],
  })
  .refine(
    (content) =>
      Object.values(content.partners).filter((partner) => partner.domain === 'coordination')
        .length === 1,
    { message: 'exactly one partner must have the coordination domain', path: ['partners'] },
  );

export type CovenantContent = z.infer<typeof covenantContentSchema>;

/**
 * Covenant content as the broker reads it, or CovenantContentInvalidError listing every
 * problem as `path: rule`.
 *
 * @example
 * const content = readCovenantContent(JSON.parse(row.content));
 */
export function readCovenantContent(content: unknown): CovenantContent {
  const parsed = covenantContentSchema.safeParse(content);
  if (!parsed.success) {
    throw new CovenantContentInvalidError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/**
 * Proposed content, checked against the covenant schema and the protocol's invariants
 * (covenant-content-check.ts: every purpose's categories exist, every special category
 * names its bases, validity ordered), the same check `npm run test:policy` makes of the
 * policy's own data; CovenantContentInvalidError lists every problem.
 */
export function checkProposedContent(content: unknown): CovenantContent {
  const problems = checkCovenantContent(content);
  if (problems.length > 0) {
    throw new CovenantContentInvalidError(
      problems.map((problem) => `${problem.path || '(root)'}: ${problem.message}`),
    );
  }
  return readCovenantContent(content);
}

/** The coordinating organisation of covenant content: the ZVH's process direction. */
export function coordinatorOf(content: CovenantContent): string {
  const entry = Object.entries(content.partners).find(([, p]) => p.domain === 'coordination');
  if (entry === undefined) throw new TypeError('checked content names a coordinator');
  return entry[0];
}
