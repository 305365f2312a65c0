import { createRoute, z } from '@hono/zod-openapi';
import { NATIONAL_ID_INPUT_PATTERN } from '../../adapters/contract/national-id.ts';
import { ageBandSchema, genderSchema, turns16InSchema } from '../store/domain-vocabulary.ts';
import type { PersonView } from '../store/person-registry.ts';
import {
  type ApiDependencies,
  type ApiRoutes,
  apiRoutes,
  caseParams,
  jsonBody,
  jsonResponse,
  problems,
  SECURITY,
} from './api-routes.ts';
import { actorOf, visibleCase } from './case-access.ts';

/**
 * A person as the API shows it: neither the national identifier nor its pseudonym goes
 * out, so no answer lets a partner link persons across cases.
 */
const personSchema = z
  .object({
    id: z.uuid(),
    ageBand: ageBandSchema,
    turns16In: turns16InSchema.nullable().openapi({
      description: 'The month a person in the band 13-17 turns 16, where it was given',
    }),
    gender: genderSchema,
  })
  .openapi('Person');

const personBody = (view: PersonView): z.infer<typeof personSchema> => ({
  id: view.id,
  ageBand: view.ageBand,
  turns16In: view.turns16In,
  gender: view.gender,
});

const nationalIdInput = z
  .string()
  .max(64)
  .regex(
    NATIONAL_ID_INPUT_PATTERN,
    'must be 6 to 20 letters or digits, with spaces, dots or dashes between',
  )
  .openapi({
    description:
      'BSN, or the civil registry number on the islands; stored only sealed and pseudonymised, never returned',
    writeOnly: true,
  });

/**
 * Only the band 13-17 cannot tell whether the person is 16, so only a person in it may
 * carry the month they turn 16; one schema per kind of band lets the document say so.
 */
const newPersonSchema = z
  .union([
    z.strictObject({
      nationalId: nationalIdInput,
      ageBand: z.literal('13-17'),
      turns16In: turns16InSchema.optional().openapi({
        description:
          'The month the person turns 16, from which their own consent counts (until then only a legal representative consents; without it the person counts as under 16). A month, so that no date of birth is stored. It must be a month in which a person now aged 13 to 17 turns 16: at most two years ago, at most three years from now.',
        example: '2027-04',
      }),
      gender: genderSchema,
    }),
    z.strictObject({
      nationalId: nationalIdInput,
      ageBand: ageBandSchema.exclude(['13-17']),
      gender: genderSchema,
    }),
  ])
  .openapi('NewPerson');

/** POST /v1/cases/{caseId}/persons: the registering partner adds a person to the case. */
export function registerAddPerson(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'post',
    path: '/cases/{caseId}/persons',
    tags: ['persons'],
    summary: 'Add a person (registering partner only)',
    security: SECURITY,
    request: { params: caseParams, body: jsonBody(newPersonSchema) },
    responses: { 201: jsonResponse('The added person', personSchema), ...problems(403, 409) },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const added = await deps.store.persons.add(
      deps.network,
      caseId,
      actorOf(c),
      c.req.valid('json'),
    );
    return c.json(personBody(added), 201);
  });
}

/** GET /v1/cases/{caseId}/persons: the persons of the case, for statistics and reference. */
export function registerListPersons(routes: ApiRoutes, deps: ApiDependencies): void {
  const route = createRoute({
    method: 'get',
    path: '/cases/{caseId}/persons',
    tags: ['persons'],
    summary: 'List the persons of a case',
    security: SECURITY,
    request: { params: caseParams },
    responses: { 200: jsonResponse('The persons', z.array(personSchema)), ...problems() },
  });
  routes.openapi(route, async (c) => {
    const { caseId } = c.req.valid('param');
    await visibleCase(deps, c, caseId);
    const persons = await deps.store.persons.list(deps.network, caseId);
    return c.json(persons.map(personBody), 200);
  });
}

export function personRoutes(deps: ApiDependencies): ApiRoutes {
  const routes = apiRoutes();
  registerAddPerson(routes, deps);
  registerListPersons(routes, deps);
  return routes;
}
