import { describe, expect, it } from 'vitest';
import {
  pathParameterFlag,
  pathParameters,
} from '../../../../adapters/partner-client/commands/operation-call.ts';
import {
  OPERATION_COMMANDS,
  OWN_COMMAND_OPERATIONS,
  PATH_PARAMETER_FLAGS,
} from '../../../../adapters/partner-client/commands/operation-table.ts';
import { appWithoutListener } from '../../../support/test-broker.ts';

interface Schema {
  $ref?: string;
  properties?: Record<string, unknown>;
  required?: string[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Operation {
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const app = await appWithoutListener();
const response = await app.request('/openapi.json');
const document = (await response.json()) as Document;

/** Every operation of the partner API, as `METHOD /path`. */
const operations = Object.entries(document.paths)
  .filter(([path]) => path.startsWith('/v1/'))
  .flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${path}`,
      operation,
    })),
  );

const commands = [...OPERATION_COMMANDS, ...OWN_COMMAND_OPERATIONS];
const keyOf = (c: { method: string; path: string }) => `${c.method} ${c.path}`;

function resolved(schema: Schema): Schema {
  return schema.$ref === undefined
    ? schema
    : (document.components.schemas[schema.$ref.split('/').pop() ?? ''] as Schema);
}

/** A body's fields, over every branch of a `oneOf`, with those every branch requires. */
function bodyFields(operation: Operation): { fields: Set<string>; required: Set<string> } {
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (schema === undefined) return { fields: new Set(), required: new Set() };
  const top = resolved(schema);
  const branches = (top.oneOf ?? top.anyOf ?? [top]).map(resolved);
  const fields = new Set(branches.flatMap((b) => Object.keys(b.properties ?? {})));
  const required = new Set(
    [...fields].filter((field) => branches.every((b) => b.required?.includes(field))),
  );
  return { fields, required };
}

describe('the partner CLI against the OpenAPI document', () => {
  it('has a command for every operation of the API', () => {
    expect(response.status).toBe(200);
    const covered = new Set(commands.map(keyOf));
    const missing = operations.map((o) => o.key).filter((key) => !covered.has(key));
    expect(missing, 'operations without a partner CLI command').toEqual([]);
  });

  it('has no command for an operation the API no longer has, and one command per operation', () => {
    const served = new Set(operations.map((o) => o.key));
    expect(commands.map(keyOf).filter((key) => !served.has(key))).toEqual([]);
    const keys = commands.map(keyOf);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    const names = OPERATION_COMMANDS.map((c) => c.command);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  describe.each(OPERATION_COMMANDS.map((c) => [c.command, c] as const))('%s', (_, command) => {
    const operation = operations.find((o) => o.key === keyOf(command))?.operation ?? {};

    it('fills every path parameter from a flag', () => {
      for (const parameter of pathParameters(command.path)) {
        expect(PATH_PARAMETER_FLAGS, parameter).toHaveProperty([parameter]);
      }
      expect(pathParameters(command.path).map(pathParameterFlag)).not.toContain(undefined);
    });

    it("takes the route's query parameters, and only those", () => {
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
      expect((command.query ?? []).map((q) => q.name).sort()).toEqual(
        query.map((p) => p.name).sort(),
      );
      for (const parameter of query.filter((p) => p.required === true)) {
        expect(
          command.query?.find((q) => q.name === parameter.name)?.required,
          parameter.name,
        ).toBe(true);
      }
    });

    it("sends only the body's fields, and has a way to give each required one", () => {
      const { fields, required } = bodyFields(operation);
      const given = [...(command.body ?? []).map((b) => b.field), command.stdinField].filter(
        (field): field is string => field !== undefined,
      );
      expect(given.filter((field) => !fields.has(field))).toEqual([]);
      expect([...required].filter((field) => !given.includes(field))).toEqual([]);
    });
  });
});
