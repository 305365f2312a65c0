import { ReplayCacheFullError } from '../errors/broker-error.ts';

/** Remembers assertion ids until they could no longer be accepted anyway. */
export interface ReplayCache {
  /** True the first time `key` is claimed before `until`; false for a replay. */
  claim(key: string, until: Date, now: Date): boolean;
}

/**
 * One broker process's replay cache. Entries live until the assertion's expiry, so the
 * cache holds at most the assertions of the last few minutes; at `capacity` it refuses
 * rather than forget an id that could still be replayed.
 *
 * @example
 * const cache = new MemoryReplayCache();
 * cache.claim('politie-cn\u0000jti-1', expiresAt, new Date()); // true, then false
 */
export class MemoryReplayCache implements ReplayCache {
  readonly #capacity: number;
  readonly #until = new Map<string, number>();
  #nextSweep = 0;

  constructor(capacity = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new TypeError('capacity must be a positive integer');
    }
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#until.size;
  }

  claim(key: string, until: Date, now: Date): boolean {
    const nowMs = now.getTime();
    const known = this.#until.get(key);
    if (known !== undefined && known > nowMs) return false;
    if (nowMs >= this.#nextSweep || this.#until.size >= this.#capacity) this.#sweep(nowMs);
    if (this.#until.size >= this.#capacity) throw new ReplayCacheFullError();
    this.#until.set(key, until.getTime());
    return true;
  }

  #sweep(nowMs: number): void {
    for (const [key, until] of this.#until) {
      if (until <= nowMs) this.#until.delete(key);
    }
    this.#nextSweep = nowMs + 10_000;
  }
}
