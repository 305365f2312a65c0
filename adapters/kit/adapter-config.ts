import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { readTlsMaterial } from '../../keys/tls/tls-material.ts';
import type { RequestLimits } from '../contract/request-limits.ts';
import { ConfigInvalidError } from './adapter-error.ts';
import type { DataSource } from './data-source.ts';
import { HttpJsonDataSource } from './http-json-data-source.ts';
import { SqlDataSource } from './sql-data-source.ts';
import type { AdapterOptions } from './start-adapter.ts';

const name = z.string().min(1);

const sourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('sql'),
    file: name,
    categories: z.record(
      z.string(),
      z.strictObject({
        table: name,
        personColumn: name,
        columns: z.record(z.string(), name),
        booleans: z.array(name).optional(),
        newestFirstBy: name.optional(),
      }),
    ),
  }),
  z.strictObject({
    kind: z.literal('http-json'),
    timeoutMs: z.number().int().positive().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    categories: z.record(
      z.string(),
      z.strictObject({
        url: name,
        recordsAt: z.string().optional(),
        fields: z.record(z.string(), name),
      }),
    ),
  }),
]);

const configSchema = z.strictObject({
  organisation: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  covenant: name.optional(),
  host: name.optional(),
  port: z.number().int().min(0).max(65_535),
  localPort: z.number().int().min(0).max(65_535).optional(),
  stateDir: name,
  revocations: name,
  tls: z.strictObject({ ca: name, certificate: name, privateKey: name }),
  /** The broker's audit checkpoint public key (PEM file); the witness then checks signatures. */
  checkpointKey: name.optional(),
  limits: z
    .strictObject({
      bodyBytes: z
        .int()
        .min(1024)
        .max(64 * 1024 * 1024)
        .optional(),
      jsonDepth: z.int().min(4).max(1024).optional(),
      headerBytes: z
        .int()
        .min(1024)
        .max(1024 * 1024)
        .optional(),
    })
    .optional(),
  // Checked against the covenant by startAdapter, which gives the precise message.
  manifest: z.unknown(),
  source: sourceSchema,
});

function openSource(source: z.infer<typeof sourceSchema>, base: string): DataSource {
  if (source.kind === 'sql') {
    return SqlDataSource.open({ file: resolve(base, source.file), categories: source.categories });
  }
  return new HttpJsonDataSource({
    categories: source.categories,
    ...(source.timeoutMs === undefined ? {} : { timeoutMs: source.timeoutMs }),
    ...(source.headers === undefined ? {} : { headers: source.headers }),
  });
}

async function readPublicKey(file: string): Promise<KeyObject> {
  try {
    return createPublicKey(await readFile(file, 'utf8'));
  } catch {
    throw new ConfigInvalidError(`checkpointKey: ${file} is not a readable public key`);
  }
}

/** The bounds the file sets; the ones it leaves out keep their defaults. */
function withoutUnset(limits: Record<string, number | undefined>): Partial<RequestLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

/**
 * Reads an adapter's JSON configuration file into the options of `startAdapter`; paths in
 * it are relative to the file. Throws a ConfigInvalidError naming the first problem.
 *
 * @example
 * const adapter = await startAdapter(await loadAdapterConfig('adapter.json'));
 */
export async function loadAdapterConfig(path: string): Promise<AdapterOptions> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new ConfigInvalidError(`${path} is not a readable JSON file`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigInvalidError(`${issue?.path.join('.') || '(file)'}: ${issue?.message}`);
  }
  const config = parsed.data;
  const base = dirname(resolve(path));
  const at = (file: string) => resolve(base, file);
  return {
    organisation: config.organisation,
    manifest: config.manifest,
    source: openSource(config.source, base),
    tls: await readTlsMaterial({
      ca: at(config.tls.ca),
      certificate: at(config.tls.certificate),
      privateKey: at(config.tls.privateKey),
    }),
    revocations: at(config.revocations),
    stateDir: at(config.stateDir),
    port: config.port,
    ...(config.host === undefined ? {} : { host: config.host }),
    ...(config.localPort === undefined ? {} : { localPort: config.localPort }),
    ...(config.covenant === undefined ? {} : { covenant: at(config.covenant) }),
    ...(config.checkpointKey === undefined
      ? {}
      : { checkpointKey: await readPublicKey(at(config.checkpointKey)) }),
    ...(config.limits === undefined ? {} : { limits: withoutUnset(config.limits) }),
  };
}
