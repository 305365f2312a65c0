import { CompactSign } from 'jose';
import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../../keys/clock.ts';
import type { Database } from '../../store/database.ts';
import { canonicalJson } from '../trail/canonical-json.ts';
import type { CheckpointSigningKey } from './checkpoint-key.ts';

/** The signed statement: "the chain had `seq` entries ending in `hash` at `at`". */
export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}

export const CHECKPOINT_JWS_TYPE = 'zvh-audit-checkpoint';

/**
 * Signs the chain head. Someone who rewrites the trail without the broker's key can
 * recompute every hash, but not the signed head: the verifier finds the rewrite there.
 * The signed heads also leave the database (checkpoint-schedule.ts), so that deleting
 * them together with the entries they cover is found too.
 *
 * @example
 * const key = await ensureCheckpointKey(checkpointKeyPaths(config.stateDir, config.network));
 * const signed = await store.checkpoints.checkpoint(key); // null: nothing new to sign
 */
export class Checkpointer {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock = systemClock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Signs the current head, unless it is empty or already signed; returns what it signed. */
  async checkpoint(key: CheckpointSigningKey): Promise<Checkpoint | null> {
    const head = await this.#db
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const seq = Number(head.seq);
    if (seq === 0) return null;
    const checkpoint: Checkpoint = { seq, hash: head.hash, at: this.#clock.now().toISOString() };
    const jws = await new CompactSign(new TextEncoder().encode(canonicalJson(checkpoint)))
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: CHECKPOINT_JWS_TYPE })
      .sign(key.privateKey);
    const inserted = await this.#db
      .insertInto('audit_checkpoints')
      .values({ seq, head_hash: head.hash, at: checkpoint.at, jws })
      .onConflict((oc) => oc.column('seq').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0 ? checkpoint : null;
  }

  /** How many entries the chain has now. */
  async headSeq(): Promise<number> {
    const head = await this.#db
      .selectFrom('audit_head')
      .select('seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(head.seq);
  }

  /** The latest signed checkpoint, or null before the first. */
  async latest(): Promise<Checkpoint | null> {
    const row = await this.#db
      .selectFrom('audit_checkpoints')
      .select(['seq', 'head_hash', 'at'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? null : { seq: Number(row.seq), hash: row.head_hash, at: row.at };
  }
}
