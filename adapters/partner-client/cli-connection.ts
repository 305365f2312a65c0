import { text } from 'node:stream/consumers';
import { CASE_ROLES, type CaseRole, caseRoleSchema } from '../../policies/vocabulary/case-roles.ts';
import {
  type ConnectionSettings,
  connectionSettings,
  type Environment,
} from './connection-settings.ts';
import type { PartnerClientFiles } from './partner-client.ts';
import { required, UsageError } from './usage-error.ts';
import type { ActingUser } from './user-assertion-signer.ts';

export interface CliOutput {
  out(text: string): void;
  err(line: string): void;
  /** Standard output as a stream, for an export; without it the answer goes through `out`. */
  readonly stream?: NodeJS.WritableStream;
}

export interface CliInput {
  /** Standard input, read whole: `push --data -` and a national identifier come this way. */
  readStdin(): Promise<string>;
  /** Where connection settings may come from (`ZVH_BROKER_URL`, ...); the process's if absent. */
  readonly env?: Environment;
}

export const PROCESS_INPUT: CliInput = { readStdin: () => text(process.stdin), env: process.env };

/** Who connects, and as whom: the options every command that calls the broker takes. */
export const CONNECTION_OPTIONS = {
  cert: { type: 'string' },
  key: { type: 'string' },
  ca: { type: 'string' },
  user: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  broker: { type: 'string' },
  audience: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The flags' connection settings completed from the environment and the config file. */
export function resolvedConnection(
  values: ConnectionSettings & { readonly config?: string | undefined },
  input: CliInput,
): Promise<ConnectionSettings> {
  return connectionSettings(values, input.env ?? process.env, values.config);
}

/** Where to connect, from resolved settings. */
export function brokerOptions(settings: ConnectionSettings): { broker: string; audience: string } {
  return {
    broker: required(settings.broker, 'broker'),
    audience: required(settings.audience, 'audience'),
  };
}

export interface ConnectionValues {
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
  readonly ca?: string | undefined;
  readonly user?: string | undefined;
  readonly name?: string | undefined;
  readonly role?: string | undefined;
}

/** The employee the assertion names; `role` when `--role` is not given, if any. */
export function actingUser(values: ConnectionValues, role?: CaseRole): ActingUser {
  const parsed = caseRoleSchema.safeParse(values.role ?? role ?? required(values.role, 'role'));
  if (!parsed.success) throw new UsageError(`--role must be one of ${CASE_ROLES.join(', ')}`);
  return {
    id: required(values.user, 'user'),
    name: required(values.name, 'name'),
    role: parsed.data,
  };
}

export function clientFiles(values: ConnectionValues): PartnerClientFiles {
  return {
    certificate: required(values.cert, 'cert'),
    privateKey: required(values.key, 'key'),
    ca: required(values.ca, 'ca'),
  };
}

/** `parseArgs` failed on the command line: a usage error, exit 2. */
export function isParseError(error: unknown): boolean {
  return (
    error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
  );
}
