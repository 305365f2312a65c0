/** The current time; injected so tests can end an overlap or expire an assertion. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
