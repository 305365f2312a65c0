/**
 * The one source of "now": certificate and revocation checks, user assertions, the store
 * and the audit trail all ask it, so that tests can freeze time or move it on.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = Object.freeze({ now: () => new Date() });
