/**
 * Which range each thread checks next, shared by every thread through Atomics, so a
 * worker that finishes a range takes the next one at once instead of waiting for the
 * main thread to hand it out (the main thread is busy checking ranges itself).
 * Cell 0: the next range nobody has taken. Cell 1: the first range nobody needs,
 * lowered once a range has a break, since the join stops there anyway.
 */
export class RangeClaims {
  readonly #cells: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.#cells = new Int32Array(buffer);
  }

  /** Shared memory for `count` ranges, to hand every thread. */
  static share(count: number): SharedArrayBuffer {
    const buffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    Atomics.store(new Int32Array(buffer), 1, count);
    return buffer;
  }

  /** The index of the next range to check, or null when none is left or needed. */
  take(): number | null {
    const index = Atomics.add(this.#cells, 0, 1);
    return index < Atomics.load(this.#cells, 1) ? index : null;
  }

  /** Range `index` has a break: no range after it needs checking. */
  stopAfter(index: number): void {
    for (;;) {
      const stop = Atomics.load(this.#cells, 1);
      if (index + 1 >= stop) return;
      if (Atomics.compareExchange(this.#cells, 1, stop, index + 1) === stop) return;
    }
  }

  /** Something failed: every thread stops after its current range. */
  stopAll(): void {
    Atomics.store(this.#cells, 1, 0);
  }

  /** The ranges that must be checked for the join: all before the first one unneeded. */
  needed(): number {
    return Atomics.load(this.#cells, 1);
  }
}
