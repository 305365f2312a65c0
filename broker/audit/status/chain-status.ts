import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.ts';
import type { VerificationOutcome } from './verification-schedule.ts';

/** The state of the trail as a privacy officer or an operator checks it. */
export interface ChainStatus {
  readonly entries: number;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly lastCheckpoint: {
    readonly seq: number;
    readonly hash: string;
    readonly at: string;
    readonly ageSeconds: number;
    /** Entries appended since: the tail no signature covers yet. */
    readonly entriesSince: number;
  } | null;
  /** Null until the first scheduled or requested verification finished. */
  readonly lastVerification: VerificationOutcome | null;
}

export async function chainStatus(
  db: Kysely<Database>,
  now: Date,
  lastVerification: VerificationOutcome | null,
): Promise<ChainStatus> {
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const checkpoint = await db
    .selectFrom('audit_checkpoints')
    .select(['seq', 'head_hash', 'at'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = Number(head.seq);
  return {
    entries: seq,
    head: { seq, hash: head.hash },
    lastCheckpoint:
      checkpoint === undefined
        ? null
        : {
            seq: Number(checkpoint.seq),
            hash: checkpoint.head_hash,
            at: checkpoint.at,
            ageSeconds: Math.max(
              0,
              Math.round((now.getTime() - new Date(checkpoint.at).getTime()) / 1000),
            ),
            entriesSince: seq - Number(checkpoint.seq),
          },
    lastVerification,
  };
}
