import { resolve } from 'node:path';
import { z } from 'zod';
import type { RequestLimits } from '../../adapters/contract/request-limits.ts';
import {
  NETWORK_ID_PATTERN,
  ORGANISATION_ID_PATTERN,
} from '../../keys/certificates/certificate-profile.ts';
import { ConfigInvalidError } from '../errors/broker-error.ts';
import { DEFAULT_REFUSALS_PER_MINUTE } from '../identity/refusal-throttle.ts';
import { DEFAULT_REPLAY_QUOTA } from '../identity/replay-cache.ts';

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every bound on what the broker takes in, each from its own variable, defaults here. */
const limitsSchema = z.object({
  BROKER_REQUEST_MAX_BYTES: count(1024, 64 * 1024 * 1024).default(128 * 1024),
  BROKER_HEADER_MAX_BYTES: count(1024, 1024 * 1024).default(16 * 1024),
  BROKER_JSON_MAX_DEPTH: count(8, 1024).default(32),
  BROKER_ADAPTER_ANSWER_MAX_BYTES: count(1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  BROKER_ADAPTER_ANSWER_MAX_READS: count(16, 16 * 1024 * 1024).default(8192),
  BROKER_ADAPTER_ANSWER_MAX_RECORDS: count(1, 1_000_000).default(1000),
  BROKER_ADAPTER_ANSWER_MAX_FIELDS: count(8, 100_000).default(64),
});

const environmentSchema = limitsSchema.extend({
  BROKER_HOST: z.string().min(1).default('127.0.0.1'),
  BROKER_PORT: z.coerce.number().int().min(0).max(65535).default(8443),
  BROKER_STATE_DIR: z.string().min(1).default('.state'),
  /**
   * Where the policy bundle comes from, watched for new ones: a directory (by default the
   * committed policies/bundle), or the http(s) URL of a `.tar.gz` on an OPA bundle server.
   */
  BROKER_POLICY_BUNDLE: z.string().min(1).max(2048).default('policies/bundle'),
  /**
   * PEM file of the public key bundles must be signed with (`npm run keys -- policy-key`);
   * with it, an unsigned or altered bundle is never activated. Required for a URL.
   */
  BROKER_POLICY_VERIFICATION_KEY: z.string().min(1).max(4096).optional(),
  /**
   * A directory of candidate bundle directories (each as `npm run policy:build` writes
   * one), whose impact the workspace's covenant page reports; never activated from there.
   */
  BROKER_POLICY_CANDIDATES: z.string().min(1).max(4096).optional(),
  /** Between looks at the bundle location for a new bundle. */
  BROKER_POLICY_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5000),
  /** A bundle's files together, unpacked; a bigger bundle is refused. */
  BROKER_POLICY_BUNDLE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 * 1024 * 1024)
    .default(64 * 1024 * 1024),
  BROKER_DATABASE_URL: z
    .string()
    .regex(/^(postgres|postgresql|sqlite):/, 'must start with postgres:, postgresql: or sqlite:')
    .optional(),
  BROKER_IDENTIFIER_KEY: z.base64().optional(),
  BROKER_NETWORK: z.string().regex(NETWORK_ID_PATTERN).default('bonaire'),
  BROKER_AUDIENCE: z.string().min(1).optional(),
  BROKER_TLS_HOSTS: z.string().min(1).default('localhost,127.0.0.1'),
  BROKER_DEMO_PARTNER: z
    .union([z.literal(''), z.string().regex(ORGANISATION_ID_PATTERN)])
    .default('politie-cn'),
  /** JSON object: organisation id to the base URL of its adapter. */
  BROKER_ADAPTERS: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().regex(ORGANISATION_ID_PATTERN), z.url({ protocol: /^https$/ }))),
  BROKER_ADAPTER_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(2000),
  BROKER_REPLAY_QUOTA: z.coerce.number().int().min(1).default(DEFAULT_REPLAY_QUOTA),
  BROKER_CHECKPOINT_LOG: z.string().min(1).optional(),
  BROKER_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).default(5000),
  BROKER_CHECKPOINT_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Refused requests an organisation may have a minute before it is answered 429. */
  BROKER_REFUSALS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(DEFAULT_REFUSALS_PER_MINUTE),
  /** Between full verifications of the trail; a day by default. */
  BROKER_VERIFY_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(7 * 86_400_000)
    .default(86_400_000),
  /** The first verification after start; a minute by default, once the broker has settled. */
  BROKER_VERIFY_FIRST_AFTER_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** An adapter's answer to a pull, bounded while it streams in: past any bound it is dropped. */
export interface AdapterAnswerLimits {
  readonly bytes: number;
  /** Pieces the body arrives in, about one per TLS record: a trickle costs a read each. */
  readonly reads: number;
  /** Records of all categories together. */
  readonly records: number;
  /** Fields of one record; also entries of any other object or array in the answer. */
  readonly fields: number;
  /** Objects and arrays nested in one another; the answer itself is level 1. */
  readonly depth: number;
}

export interface BrokerLimits {
  /** Request bodies, JSON nesting and header bytes of every request to the broker. */
  readonly request: RequestLimits;
  readonly adapterAnswer: AdapterAnswerLimits;
}

function limitsFrom(env: z.infer<typeof limitsSchema>): BrokerLimits {
  return Object.freeze({
    request: Object.freeze({
      bodyBytes: env.BROKER_REQUEST_MAX_BYTES,
      jsonDepth: env.BROKER_JSON_MAX_DEPTH,
      headerBytes: env.BROKER_HEADER_MAX_BYTES,
    }),
    adapterAnswer: Object.freeze({
      bytes: env.BROKER_ADAPTER_ANSWER_MAX_BYTES,
      reads: env.BROKER_ADAPTER_ANSWER_MAX_READS,
      records: env.BROKER_ADAPTER_ANSWER_MAX_RECORDS,
      fields: env.BROKER_ADAPTER_ANSWER_MAX_FIELDS,
      depth: env.BROKER_JSON_MAX_DEPTH,
    }),
  });
}

/** The limits of a broker whose environment sets none. */
export const DEFAULT_LIMITS: BrokerLimits = limitsFrom(limitsSchema.parse({}));

export interface BrokerConfig {
  readonly host: string;
  readonly port: number;
  /** Where generated keys and the embedded database live; git ignores it. */
  readonly stateDir: string;
  /**
   * The bundle directory the offline tools read the covenant's words from: the watched
   * directory, or the committed policies/bundle when the broker takes bundles from a URL.
   */
  readonly policyBundleDir: string;
  /** Where the broker takes its policy from, and how it checks and watches it. */
  readonly policy: PolicyBundleConfig;
  /** `postgres://...` or `sqlite:<file>`; by default a SQLite file in the state dir. */
  readonly databaseUrl: string;
  /**
   * Base64 secret from which the keys protecting national identifiers are derived; when
   * absent, the store keeps one in the state dir.
   */
  readonly identifierKey: string | undefined;
  /** The ZVH network this broker serves; names its CA under <stateDir>/keys. */
  readonly network: string;
  /** The `aud` partners put in their user assertions. */
  readonly audience: string;
  /** DNS names and addresses of the broker's first server certificate. */
  readonly tlsHosts: readonly string[];
  /** A partner certificate created at first start, so the README's curl works; null: none. */
  readonly demoPartner: string | null;
  /** Organisation id to the base URL of its adapter; a partner without one provides nothing. */
  readonly adapters: ReadonlyMap<string, string>;
  /** How long the broker waits for an adapter's answer before calling it unavailable. */
  readonly adapterTimeoutMs: number;
  /** Live user assertions one partner may have before its next one is refused. */
  readonly replayQuotaPerPartner: number;
  /** Refused requests an organisation may have a minute before every request is answered 429. */
  readonly refusalsPerMinute: number;
  /** Audit checkpoints: where they are published besides the adapters, and how often. */
  readonly checkpoints: CheckpointConfig;
  readonly limits: BrokerLimits;
  readonly logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
}

/** A watched directory, or an OPA bundle server's URL of the bundle's `.tar.gz`. */
export type PolicyBundleLocation =
  | { readonly kind: 'directory'; readonly dir: string }
  | { readonly kind: 'http'; readonly url: string };

export interface PolicyBundleConfig {
  readonly location: PolicyBundleLocation;
  /**
   * The PEM of the key bundles must be signed with. Absent: bundles are taken unsigned,
   * which the configuration allows for a local directory only (a developer's broker).
   */
  readonly verificationKey: string | undefined;
  readonly pollMs: number;
  readonly maxBytes: number;
  /**
   * The directory of candidate bundles the workspace reports the impact of, verified with
   * `verificationKey` when there is one; absent: the page says how to configure it.
   */
  readonly candidatesDir: string | undefined;
}

/** A URL bundle must be signed: what comes over the network is trusted only by its signature. */
function policyBundleConfig(env: z.infer<typeof environmentSchema>): PolicyBundleConfig {
  const isUrl = /^https?:\/\//i.test(env.BROKER_POLICY_BUNDLE);
  if (isUrl && !URL.canParse(env.BROKER_POLICY_BUNDLE)) {
    throw new ConfigInvalidError('BROKER_POLICY_BUNDLE: not a valid URL');
  }
  if (isUrl && env.BROKER_POLICY_VERIFICATION_KEY === undefined) {
    throw new ConfigInvalidError(
      'BROKER_POLICY_VERIFICATION_KEY: required when BROKER_POLICY_BUNDLE is a URL',
    );
  }
  return Object.freeze({
    location: isUrl
      ? { kind: 'http' as const, url: env.BROKER_POLICY_BUNDLE }
      : { kind: 'directory' as const, dir: resolve(env.BROKER_POLICY_BUNDLE) },
    verificationKey:
      env.BROKER_POLICY_VERIFICATION_KEY === undefined
        ? undefined
        : resolve(env.BROKER_POLICY_VERIFICATION_KEY),
    pollMs: env.BROKER_POLICY_POLL_MS,
    maxBytes: env.BROKER_POLICY_BUNDLE_MAX_BYTES,
    candidatesDir:
      env.BROKER_POLICY_CANDIDATES === undefined
        ? undefined
        : resolve(env.BROKER_POLICY_CANDIDATES),
  });
}

export interface CheckpointConfig {
  /**
   * The append-only file every signed checkpoint is also written to, outside the database;
   * absent: the adapters are the only witnesses.
   */
  readonly log: string | undefined;
  /** A checkpoint at the latest this long after the previous one, if entries came since. */
  readonly intervalMs: number;
  /** A checkpoint as soon as this many entries came since the previous one. */
  readonly everyEntries: number;
  /** Between scheduled full verifications of the trail. */
  readonly verifyIntervalMs: number;
  /** The first scheduled verification, after start. */
  readonly verifyFirstAfterMs: number;
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
  const policy = policyBundleConfig(env);
  return Object.freeze({
    host: env.BROKER_HOST,
    port: env.BROKER_PORT,
    stateDir,
    policyBundleDir:
      policy.location.kind === 'directory' ? policy.location.dir : resolve('policies/bundle'),
    policy,
    databaseUrl: env.BROKER_DATABASE_URL ?? `sqlite:${resolve(stateDir, 'broker.sqlite')}`,
    identifierKey: env.BROKER_IDENTIFIER_KEY,
    network: env.BROKER_NETWORK,
    audience: env.BROKER_AUDIENCE ?? `urn:zvh-broker:${env.BROKER_NETWORK}`,
    tlsHosts: Object.freeze(
      env.BROKER_TLS_HOSTS.split(',')
        .map((host) => host.trim())
        .filter((host) => host.length > 0),
    ),
    demoPartner: env.BROKER_DEMO_PARTNER === '' ? null : env.BROKER_DEMO_PARTNER,
    adapters: new Map(Object.entries(env.BROKER_ADAPTERS)),
    adapterTimeoutMs: env.BROKER_ADAPTER_TIMEOUT_MS,
    replayQuotaPerPartner: env.BROKER_REPLAY_QUOTA,
    refusalsPerMinute: env.BROKER_REFUSALS_PER_MINUTE,
    checkpoints: Object.freeze({
      log: env.BROKER_CHECKPOINT_LOG === undefined ? undefined : resolve(env.BROKER_CHECKPOINT_LOG),
      intervalMs: env.BROKER_CHECKPOINT_INTERVAL_MS,
      everyEntries: env.BROKER_CHECKPOINT_ENTRIES,
      verifyIntervalMs: env.BROKER_VERIFY_INTERVAL_MS,
      verifyFirstAfterMs: env.BROKER_VERIFY_FIRST_AFTER_MS,
    }),
    limits: limitsFrom(env),
    logLevel: env.LOG_LEVEL,
  });
}
