import { z } from 'zod';
import { CASE_PHASES } from '../../policies/vocabulary/case-phases.ts';
import { CASE_ROLES } from '../../policies/vocabulary/case-roles.ts';
import { SLUG_PATTERN } from '../store/domain-vocabulary.ts';

/** One thing wrong with a covenant version's content: where, and what. */
export interface CovenantProblem {
  /** Dotted path into the content, e.g. `purposes.case_meeting.matrix`; empty for the whole. */
  readonly path: string;
  readonly message: string;
}

/** The kinds of special personal data (GDPR art. 9 health, art. 10 criminal) a basis covers. */
const SPECIAL_KINDS = ['criminal', 'health'] as const;

/** The one domain whose partner holds process direction. */
const COORDINATION = 'coordination';

const MAX_PARTNERS = 200;
const MAX_CATEGORIES = 128;
const MAX_PURPOSES = 64;
const MAX_FIELDS = 64;
const MAX_DOMAINS = 32;
const MAX_STATUTORY_BASES = 64;
/** Room for a covenant to name roles or phases the case process lacks, so the check can say so. */
const MAX_WORDS = 16;

const slug = z.string().regex(SLUG_PATTERN, 'must be a lower-case id of letters, digits, _ and -');

const title = z.string().trim().min(1).max(500);

/** A UTC time exactly as `toISOString()` writes it: the policy compares these as strings. */
const timestamp = z
  .string()
  .refine(
    (t) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(t) &&
      !Number.isNaN(Date.parse(t)) &&
      new Date(t).toISOString() === t,
    { message: 'must be a UTC time as toISOString writes it' },
  );

const slugList = (max: number) => z.array(slug).min(1).max(max);

/** A JSON object keyed by slugs, with at most `max` entries. */
const slugRecord = <T extends z.ZodType>(value: T, max: number) =>
  z.record(slug, value).refine((record) => Object.keys(record).length <= max, {
    message: `must have at most ${max} entries`,
  });

const partnerSchema = z.strictObject({
  name: title,
  domain: slug,
  special_bases: z.array(z.enum(SPECIAL_KINDS)).max(SPECIAL_KINDS.length),
});

const categorySchema = z.strictObject({
  special: z.enum(SPECIAL_KINDS).optional(),
  /**
   * Fields of an ordinary category that carry special content (a care plan's goals are
   * health data): a recipient without the basis receives the category without them.
   */
  special_fields: slugRecord(z.enum(SPECIAL_KINDS), MAX_FIELDS).optional(),
  fields: slugList(MAX_FIELDS),
  field_domains: slugRecord(slugList(MAX_DOMAINS), MAX_FIELDS).optional(),
  /** The domains that hold the category and so may provide it; absent, any domain may. */
  provider_domains: slugList(MAX_DOMAINS).optional(),
  /**
   * The fields that describe the case's process rather than a person (meeting dates,
   * actions, who carries them): the only ones an update about the case as a whole carries.
   */
  case_level_fields: slugList(MAX_FIELDS).optional(),
});

/**
 * A statute that provides for passing data between partners: the law is then the ground
 * and consent is not asked. `article` only where the article is known for certain: a basis
 * names its law rather than an invented article.
 */
const statutoryBasisSchema = z.strictObject({
  law: title,
  article: title.optional(),
  providers: slugList(MAX_PARTNERS),
  recipients: slugList(MAX_PARTNERS),
  categories: slugList(MAX_CATEGORIES),
});

const matrixSchema = slugRecord(slugList(MAX_DOMAINS), MAX_CATEGORIES).refine(
  (matrix) => Object.keys(matrix).length > 0,
  { message: 'must name at least one category' },
);

const casePurposeSchema = z.strictObject({
  title,
  kind: z.literal('case_process'),
  phases: slugList(MAX_WORDS),
  receiving_roles: slugList(MAX_WORDS),
  asks_beyond_the_case: z.boolean().optional(),
  matrix: matrixSchema,
});

/**
 * A reuse purpose needs a formal request as a condition, not instead of the other rules:
 * it holds in named phases, for the domains it names (`domains`), with a matrix like
 * the case process's, and may ask the person's consent too (`needs_consent`).
 */
const reusePurposeSchema = z.strictObject({
  title,
  kind: z.literal('reuse'),
  phases: slugList(MAX_WORDS),
  domains: slugList(MAX_DOMAINS),
  receiving_roles: slugList(MAX_WORDS),
  needs_consent: z.boolean().optional(),
  matrix: matrixSchema,
});

const contentSchema = z.strictObject({
  name: title,
  version: slug,
  not_before: timestamp,
  not_after: timestamp,
  retention_years: z.int().min(1).max(30),
  /**
   * Years after which an audit entry's subject (case, person, categories) is erased,
   * however long its case runs; optional, default in covenant-content.ts.
   */
  audit_retention_years: z.int().min(1).max(30).optional(),
  shadow_list_review_months: z.int().min(1).max(24),
  /** The longest term of a legal-ground exception; a longer one needs a new approval. */
  exception_max_months: z.int().min(1).max(12),
  /**
   * What may still flow about a case on the shadow list once its review is due and until
   * the process director reviews it: signals, and what tells whether it can be closed.
   */
  shadow_review_categories: z.array(slug).max(MAX_CATEGORIES),
  statutory_bases: slugRecord(statutoryBasisSchema, MAX_STATUTORY_BASES).optional(),
  partners: slugRecord(partnerSchema, MAX_PARTNERS),
  domains: slugList(MAX_DOMAINS),
  roles: slugList(MAX_WORDS),
  phases: slugList(MAX_WORDS),
  categories: slugRecord(categorySchema, MAX_CATEGORIES),
  purposes: slugRecord(
    z.discriminatedUnion('kind', [casePurposeSchema, reusePurposeSchema]),
    MAX_PURPOSES,
  ),
});

type CovenantContent = z.infer<typeof contentSchema>;

/**
 * What is wrong with a covenant version's content (the object a policy bundle holds at
 * `data.zvh.covenants.<network>`), each problem with the path it is at; an empty list means
 * the content is valid. First the shape, with bounds on every size; then the protocol's
 * invariants, which the policy relies on without checking: a name misspelt in one place
 * would silently deny (or, for special data, silently allow). No I/O: the broker calls it
 * on a proposed version, `scripts/covenant-check.ts` on the files.
 *
 * @example
 * checkCovenantContent(JSON.parse(await readFile('policies/zvh/covenants/bonaire/data.json', 'utf8')));
 * // [] or [{ path: 'purposes.case_meeting.matrix', message: 'category police_incidentz does not exist' }]
 */
export function checkCovenantContent(content: unknown): readonly CovenantProblem[] {
  const parsed = contentSchema.safeParse(content);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
  }
  return invariantProblems(parsed.data);
}

function invariantProblems(c: CovenantContent): CovenantProblem[] {
  const problems: CovenantProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const domains = new Set(c.domains);
  const roles = new Set(c.roles);
  const phases = new Set(c.phases);

  if (c.not_before >= c.not_after) problem('not_after', 'must be later than not_before');

  for (const [path, list] of [
    ['domains', c.domains],
    ['roles', c.roles],
    ['phases', c.phases],
  ] as const) {
    for (const twice of duplicates(list)) problem(path, `${twice} is listed twice`);
  }
  for (const role of c.roles) {
    if (!(CASE_ROLES as readonly string[]).includes(role)) {
      problem('roles', `role ${role} is not a role of the case process`);
    }
  }
  for (const phase of c.phases) {
    if (!(CASE_PHASES as readonly string[]).includes(phase)) {
      problem('phases', `phase ${phase} is not a phase of the case process`);
    }
  }

  const partners = Object.entries(c.partners);
  for (const [organisation, partner] of partners) {
    if (!domains.has(partner.domain)) {
      problem(`partners.${organisation}.domain`, `domain ${partner.domain} does not exist`);
    }
    for (const twice of duplicates(partner.special_bases)) {
      problem(`partners.${organisation}.special_bases`, `${twice} is listed twice`);
    }
  }
  const coordinators = partners.filter(([, p]) => p.domain === COORDINATION).map(([o]) => o);
  if (coordinators.length !== 1) {
    problem(
      'partners',
      `exactly one partner must have the ${COORDINATION} domain, found ${coordinators.length}${
        coordinators.length > 0 ? `: ${coordinators.join(', ')}` : ''
      }`,
    );
  }

  const heldBases = new Set(partners.flatMap(([, p]) => p.special_bases));
  for (const [name, category] of Object.entries(c.categories)) {
    for (const twice of duplicates(category.fields)) {
      problem(`categories.${name}.fields`, `${twice} is listed twice`);
    }
    if (category.special !== undefined && !heldBases.has(category.special)) {
      problem(
        `categories.${name}.special`,
        `no partner holds the ${category.special} basis that may receive this category`,
      );
    }
    for (const field of category.case_level_fields ?? []) {
      if (!category.fields.includes(field)) {
        problem(`categories.${name}.case_level_fields`, `field ${field} is not in fields`);
      }
    }
    for (const [field, kind] of Object.entries(category.special_fields ?? {})) {
      const path = `categories.${name}.special_fields`;
      if (!category.fields.includes(field)) problem(path, `field ${field} is not in fields`);
      if (category.special !== undefined) {
        problem(path, `the whole category is ${category.special} already`);
      }
      if (!heldBases.has(kind)) {
        problem(`${path}.${field}`, `no partner holds the ${kind} basis that may receive it`);
      }
      if (category.case_level_fields?.includes(field)) {
        problem(path, `field ${field} is about a person, never about the case as a whole`);
      }
    }
    for (const domain of category.provider_domains ?? []) {
      if (!domains.has(domain)) {
        problem(`categories.${name}.provider_domains`, `domain ${domain} does not exist`);
      }
    }
    for (const twice of duplicates(category.provider_domains ?? [])) {
      problem(`categories.${name}.provider_domains`, `${twice} is listed twice`);
    }
    if (category.special !== undefined && category.case_level_fields !== undefined) {
      problem(
        `categories.${name}.case_level_fields`,
        `a ${category.special} category is about a person, never about the case as a whole`,
      );
    }
    for (const [field, fieldDomains] of Object.entries(category.field_domains ?? {})) {
      const path = `categories.${name}.field_domains`;
      if (!category.fields.includes(field)) problem(path, `field ${field} is not in fields`);
      for (const domain of fieldDomains) {
        if (!domains.has(domain)) problem(`${path}.${field}`, `domain ${domain} does not exist`);
      }
    }
  }

  for (const category of c.shadow_review_categories) {
    if (!Object.hasOwn(c.categories, category)) {
      problem('shadow_review_categories', `category ${category} does not exist`);
    }
  }
  for (const twice of duplicates(c.shadow_review_categories)) {
    problem('shadow_review_categories', `${twice} is listed twice`);
  }

  for (const [id, basis] of Object.entries(c.statutory_bases ?? {})) {
    const path = `statutory_bases.${id}`;
    for (const organisation of [...basis.providers, ...basis.recipients]) {
      if (!Object.hasOwn(c.partners, organisation)) {
        problem(path, `partner ${organisation} does not exist`);
      }
    }
    for (const category of basis.categories) {
      if (!Object.hasOwn(c.categories, category)) {
        problem(`${path}.categories`, `category ${category} does not exist`);
      }
    }
  }

  for (const [name, purpose] of Object.entries(c.purposes)) {
    for (const role of purpose.receiving_roles) {
      if (!roles.has(role)) {
        problem(`purposes.${name}.receiving_roles`, `role ${role} does not exist`);
      }
    }
    if (purpose.kind === 'reuse') {
      for (const domain of purpose.domains) {
        if (!domains.has(domain)) {
          problem(`purposes.${name}.domains`, `domain ${domain} does not exist`);
        }
      }
      for (const [category, matrixDomains] of Object.entries(purpose.matrix)) {
        for (const domain of matrixDomains) {
          if (!purpose.domains.includes(domain)) {
            problem(
              `purposes.${name}.matrix.${category}`,
              `domain ${domain} is not one of the purpose's domains`,
            );
          }
        }
      }
    }
    for (const phase of purpose.phases) {
      if (!phases.has(phase)) problem(`purposes.${name}.phases`, `phase ${phase} does not exist`);
    }
    for (const [category, matrixDomains] of Object.entries(purpose.matrix)) {
      if (!Object.hasOwn(c.categories, category)) {
        problem(`purposes.${name}.matrix`, `category ${category} does not exist`);
      }
      for (const domain of matrixDomains) {
        if (!domains.has(domain)) {
          problem(`purposes.${name}.matrix.${category}`, `domain ${domain} does not exist`);
        }
      }
    }
  }
  return problems;
}

function duplicates(list: readonly string[]): string[] {
  return [...new Set(list.filter((item, i) => list.indexOf(item) !== i))];
}
