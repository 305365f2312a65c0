import { createMiddleware } from 'hono/factory';
import { formatTraceparent } from '../../adapters/contract/trace-context.ts';
import type { AuditTrail } from '../audit/trail/audit-trail.ts';
import { RefusalsThrottledError } from '../errors/broker-error.ts';
import type { Logger } from '../log/logger.ts';
import type { PartnerVariables } from './identity-middleware.ts';

/**
 * A partner system that is refused now and then (a case it left, an assertion that
 * expired) never comes near it; one that is refused twice a second for a minute does.
 */
export const DEFAULT_REFUSALS_PER_MINUTE = 120;

/** How often the requests turned away from an organisation are counted into an entry. */
const COUNT_EVERY_MS = 10_000;

interface Bucket {
  tokens: number;
  /** performance.now() of the last refill. */
  at: number;
  /** Requests turned away since the last entry that counted them. */
  turnedAway: number;
  timer: NodeJS.Timeout | undefined;
}

export interface RefusalThrottleOptions {
  readonly perMinute: number;
  readonly trail: Pick<AuditTrail, 'append'>;
  readonly network: string;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * A refusal budget per organisation: a token per refused request, `perMinute` of them
 * refilled a minute, as many held at most. An organisation that spent them (probing case
 * ids, a partner system in a loop of 404s) is turned away with 429 on every request until
 * one is back, before its assertion is verified or the database asked: a flood of refusals
 * then costs the broker a TLS record and a map lookup each, and everyone else's exchanges
 * go on at their pace. The requests it turns away are still in the trail, counted: an
 * `access.refused` entry for the first of a run, then one every ten seconds, and one at
 * `close`, with how many more there were.
 */
export class RefusalThrottle {
  readonly #options: RefusalThrottleOptions;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #entering = new Set<Promise<void>>();

  constructor(options: RefusalThrottleOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Seconds until the organisation may be refused again; 0 while it has refusals left. */
  waitSeconds(organisation: string): number {
    const bucket = this.#refilled(organisation);
    if (bucket === undefined || bucket.tokens >= 1) return 0;
    return Math.ceil(((1 - bucket.tokens) * 60) / this.#options.perMinute);
  }

  spend(organisation: string): void {
    const bucket = this.#refilled(organisation) ?? this.#bucket(organisation);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  /**
   * Counts one request turned away; the first of a run is entered at once, with the
   * request's ids, and durable before the caller answers it.
   */
  async turnAway(
    organisation: string,
    request: { readonly requestId: string; readonly traceparent: string },
  ): Promise<void> {
    const bucket = this.#bucket(organisation);
    if (bucket.timer !== undefined) {
      bucket.turnedAway += 1;
      return;
    }
    this.#options.logger.warn({ organisation }, 'refused too often: turned away with 429');
    bucket.timer = setTimeout(() => this.#count(organisation, bucket), COUNT_EVERY_MS);
    bucket.timer.unref();
    await this.#enter(organisation, 1, request);
  }

  /** Enters the counts not yet entered; at shutdown, before the trail closes. */
  async close(): Promise<void> {
    for (const [organisation, bucket] of this.#buckets) {
      clearTimeout(bucket.timer);
      if (bucket.turnedAway > 0) void this.#enter(organisation, bucket.turnedAway);
      bucket.turnedAway = 0;
      bucket.timer = undefined;
    }
    await Promise.all(this.#entering);
  }

  #count(organisation: string, bucket: Bucket): void {
    const counted = bucket.turnedAway;
    bucket.turnedAway = 0;
    if (counted === 0) {
      bucket.timer = undefined;
      return;
    }
    void this.#enter(organisation, counted);
    bucket.timer = setTimeout(() => this.#count(organisation, bucket), COUNT_EVERY_MS);
    bucket.timer.unref();
  }

  #enter(
    organisation: string,
    count: number,
    request?: { readonly requestId: string; readonly traceparent: string },
  ): Promise<void> {
    const entered = this.#options.trail
      .append({
        type: 'access.refused',
        network: this.#options.network,
        requester: { organisation },
        decision: 'deny',
        ...request,
        details: { status: 429, code: 'REFUSALS_THROTTLED', count },
      })
      .then(
        () => undefined,
        (error: unknown) =>
          this.#options.logger.error(
            { err: error, organisation, count },
            'audit append of requests turned away failed',
          ),
      )
      .finally(() => this.#entering.delete(entered));
    this.#entering.add(entered);
    return entered;
  }

  #bucket(organisation: string): Bucket {
    let bucket = this.#buckets.get(organisation);
    if (bucket === undefined) {
      bucket = {
        tokens: this.#options.perMinute,
        at: this.#now(),
        turnedAway: 0,
        timer: undefined,
      };
      this.#buckets.set(organisation, bucket);
    }
    return bucket;
  }

  #refilled(organisation: string): Bucket | undefined {
    const bucket = this.#buckets.get(organisation);
    if (bucket === undefined) return undefined;
    const now = this.#now();
    const { perMinute } = this.#options;
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    return bucket;
  }
}

/**
 * Answers 429 `REFUSALS_THROTTLED` (with Retry-After) to an organisation that has spent
 * its refusals. Mount it after `requirePartner` and before `auditRefusals`.
 */
export function throttleRefusedCallers(throttle: RefusalThrottle) {
  return createMiddleware<{ Variables: PartnerVariables }>(async (c, next) => {
    const organisation = c.get('partner').organisation;
    const wait = throttle.waitSeconds(organisation);
    if (wait === 0) return next();
    await throttle.turnAway(organisation, {
      requestId: c.get('requestId'),
      traceparent: formatTraceparent(c.get('trace')),
    });
    c.header('retry-after', String(wait));
    throw new RefusalsThrottledError(wait);
  });
}
