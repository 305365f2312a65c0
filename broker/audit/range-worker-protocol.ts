import type { EntryRange, RangeOutcome } from './range-check.ts';

/** What a range worker is started with. */
export interface WorkerSetup {
  readonly databaseUrl: string;
  readonly pageSize: number;
}

/** One range to check; `null` tells the worker to close its connection and end. */
export interface RangeJob {
  readonly index: number;
  readonly range: EntryRange;
}

export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'checked'; readonly entries: number }
  | { readonly kind: 'outcome'; readonly index: number; readonly outcome: RangeOutcome }
  | { readonly kind: 'failed'; readonly message: string };
