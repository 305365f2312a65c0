/** What the endurance benchmark and its broker process say to each other over IPC. */

export interface BrokerReady {
  readonly port: number;
}

/** The parent's request for a sample. */
export const SAMPLE = 'sample';

export interface BrokerSample {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Event-loop delay since the last sample, in milliseconds (with the 1 ms timer it is measured by). */
  readonly delayP50Ms: number;
  readonly delayP99Ms: number;
  readonly delayMaxMs: number;
}
