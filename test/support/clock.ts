import type { Clock } from '../../keys/clock.ts';

/** Frozen time that a test moves on by hand. */
export class TestClock implements Clock {
  #now: Date;

  constructor(iso: string) {
    this.#now = new Date(iso);
  }

  now(): Date {
    return new Date(this.#now.getTime());
  }

  set(iso: string): void {
    this.#now = new Date(iso);
  }

  advanceMinutes(minutes: number): void {
    this.#now = new Date(this.#now.getTime() + minutes * 60_000);
  }
}
