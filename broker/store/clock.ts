/** The only source of "now" in the domain layer, so that tests can freeze time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = Object.freeze({ now: () => new Date() });
