/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same
 * sample data on every machine, so the demo's cases and the adapters' records match.
 * Not for anything secret.
 *
 * @example
 * const random = new Prng(2026);
 * random.pick(['Martis', 'Coffie']);
 */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new TypeError('pick needs at least one item');
    return item;
  }

  /** A calendar date (YYYY-MM-DD) between `from` and `to`, both included. */
  date(from: Date, to: Date): string {
    const day = 86_400_000;
    const days = Math.floor((to.getTime() - from.getTime()) / day);
    return new Date(from.getTime() + this.int(0, days) * day).toISOString().slice(0, 10);
  }
}
