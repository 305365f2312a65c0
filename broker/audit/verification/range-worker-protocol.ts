import type { EntryRange, RangeOutcome } from './range-check.ts';

/** What a range worker is started with; it takes ranges through `claims` (range-claims.ts). */
export interface WorkerSetup {
  readonly databaseUrl: string;
  readonly pageSize: number;
  readonly ranges: readonly EntryRange[];
  readonly claims: SharedArrayBuffer;
}

export type WorkerMessage =
  | { readonly kind: 'checked'; readonly entries: number }
  | { readonly kind: 'outcome'; readonly index: number; readonly outcome: RangeOutcome }
  | { readonly kind: 'failed'; readonly message: string };
