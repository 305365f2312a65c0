import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigInvalidError } from '../errors/broker-error.ts';

const environmentSchema = z.object({
  BROKER_HOST: z.string().min(1).default('127.0.0.1'),
  BROKER_PORT: z.coerce.number().int().min(0).max(65535).default(8443),
  BROKER_STATE_DIR: z.string().min(1).default('.state'),
  BROKER_POLICY_BUNDLE: z.string().min(1).default('policies/bundle'),
  BROKER_DATABASE_URL: z
    .string()
    .regex(/^(postgres|postgresql|sqlite):/, 'must start with postgres:, postgresql: or sqlite:')
    .optional(),
  BROKER_IDENTIFIER_KEY: z.base64().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface BrokerConfig {
  readonly host: string;
  readonly port: number;
  /** Where generated keys and the embedded database live; git ignores it. */
  readonly stateDir: string;
  readonly policyBundleDir: string;
  /** `postgres://...` or `sqlite:<file>`; by default a SQLite file in the state dir. */
  readonly databaseUrl: string;
  /**
   * Base64 secret from which the keys protecting national identifiers are derived; when
   * absent, the store keeps one in the state dir.
   */
  readonly identifierKey: string | undefined;
  readonly logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
}

/**
 * Reads the configuration once, at start, and fails fast on anything malformed.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(environment: NodeJS.ProcessEnv): BrokerConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigInvalidError(`${issue?.path.join('.')}: ${issue?.message}`);
  }
  const env = parsed.data;
  const stateDir = resolve(env.BROKER_STATE_DIR);
  return Object.freeze({
    host: env.BROKER_HOST,
    port: env.BROKER_PORT,
    stateDir,
    policyBundleDir: resolve(env.BROKER_POLICY_BUNDLE),
    databaseUrl: env.BROKER_DATABASE_URL ?? `sqlite:${resolve(stateDir, 'broker.sqlite')}`,
    identifierKey: env.BROKER_IDENTIFIER_KEY,
    logLevel: env.LOG_LEVEL,
  });
}
