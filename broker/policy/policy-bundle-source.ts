import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PolicyBundleRefusedError, PolicyBundleUnreachableError } from '../errors/broker-error.ts';
import { unpackBundleTarball } from './bundle-tarball.ts';
import {
  type BundleFiles,
  type BundleLimits,
  DEFAULT_BUNDLE_LIMITS,
  readBundleDirectory,
} from './policy-bundle-files.ts';

/** What one look at the bundle location found. */
export type BundleFetch =
  | { readonly changed: false }
  | { readonly changed: true; readonly files: BundleFiles };

/** Where the broker takes its bundle from: a directory or an OPA bundle server. */
export interface PolicyBundleSource {
  /** Looks once; `changed: false` when nothing new is there since the last look. */
  fetch(): Promise<BundleFetch>;
}

const UNCHANGED: BundleFetch = { changed: false };

/** Names, sizes and modification times of every file: what changes when a build writes. */
async function directoryStamp(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const lines: string[] = [];
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    lines.push(`${path}\0${info.size}\0${info.mtimeMs}\0${info.ino}`);
  }
  return lines.sort().join('\n');
}

/**
 * A watched bundle directory. A change is read once the directory has looked the same on
 * two looks in a row, and only if it did not change while being read, so a build writing
 * its files one by one is not taken half way.
 *
 * @example
 * const source = directoryBundleSource('/srv/zvh/policy-bundle');
 */
export function directoryBundleSource(
  dir: string,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
): PolicyBundleSource {
  let seen: string | undefined;
  let delivered: string | undefined;
  const stampOf = async (): Promise<string> => {
    try {
      return await directoryStamp(dir);
    } catch (cause) {
      throw new PolicyBundleUnreachableError(`bundle directory ${dir} cannot be read`, { cause });
    }
  };
  return {
    async fetch() {
      const stamp = await stampOf();
      if (stamp === delivered) return UNCHANGED;
      const first = delivered === undefined && seen === undefined;
      if (!first && stamp !== seen) {
        seen = stamp;
        return UNCHANGED;
      }
      let files: BundleFiles;
      try {
        files = await readBundleDirectory(dir, limits);
      } catch (cause) {
        if (cause instanceof PolicyBundleRefusedError) throw cause;
        throw new PolicyBundleUnreachableError(`bundle directory ${dir} cannot be read`, { cause });
      }
      const after = await stampOf();
      seen = after;
      if (after !== stamp) return UNCHANGED;
      delivered = stamp;
      return { changed: true, files };
    },
  };
}

export interface HttpBundleSourceOptions {
  readonly url: string;
  /** How long one request may take, answer included. */
  readonly timeoutMs: number;
  readonly limits?: BundleLimits;
}

async function boundedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new PolicyBundleRefusedError(
      'POLICY_BUNDLE_INVALID',
      `bundle larger than ${maxBytes} bytes`,
    );
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new PolicyBundleRefusedError(
        'POLICY_BUNDLE_INVALID',
        `bundle larger than ${maxBytes} bytes`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * An OPA bundle server: GET of the `.tar.gz`, sending the ETag of the last answer as
 * `If-None-Match`; 304 means unchanged. The ETag is kept also for a bundle that is
 * then refused, so a refused bundle is fetched and refused once, not on every poll.
 *
 * @example
 * const source = httpBundleSource({ url: 'https://bundles.zvh.example/zvh.tar.gz', timeoutMs: 10_000 });
 */
export function httpBundleSource(options: HttpBundleSourceOptions): PolicyBundleSource {
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  let etag: string | null = null;
  let lastBody: string | null = null;
  return {
    async fetch() {
      let response: Response;
      try {
        response = await fetch(options.url, {
          headers: {
            accept: 'application/gzip, application/octet-stream',
            ...(etag === null ? {} : { 'if-none-match': etag }),
          },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (cause) {
        throw new PolicyBundleUnreachableError(`bundle server did not answer: ${options.url}`, {
          cause,
        });
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return UNCHANGED;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new PolicyBundleUnreachableError(
          `bundle server answered ${response.status}: ${options.url}`,
        );
      }
      let body: Uint8Array;
      try {
        body = await boundedBody(response, limits.bytes);
      } catch (cause) {
        if (!(cause instanceof PolicyBundleRefusedError)) {
          throw new PolicyBundleUnreachableError(`bundle download broke off: ${options.url}`, {
            cause,
          });
        }
        etag = response.headers.get('etag');
        throw cause;
      }
      etag = response.headers.get('etag');
      // A server without ETags sends the whole bundle every time: unchanged bytes are no change.
      const digest = createHash('sha256').update(body).digest('hex');
      if (digest === lastBody) return UNCHANGED;
      lastBody = digest;
      return { changed: true, files: unpackBundleTarball(body, limits) };
    },
  };
}

/** Longest a bundle server may take to answer one poll; the next poll waits for it. */
const HTTP_TIMEOUT_MS = 30_000;

/**
 * The source of a configured location.
 *
 * @example
 * const source = bundleSourceFor(config.policy.location, config.policy.maxBytes);
 */
export function bundleSourceFor(
  location:
    | { readonly kind: 'directory'; readonly dir: string }
    | { readonly kind: 'http'; readonly url: string },
  maxBytes: number,
): PolicyBundleSource {
  const limits = { ...DEFAULT_BUNDLE_LIMITS, bytes: maxBytes };
  return location.kind === 'directory'
    ? directoryBundleSource(location.dir, limits)
    : httpBundleSource({ url: location.url, timeoutMs: HTTP_TIMEOUT_MS, limits });
}
