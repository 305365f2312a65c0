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
 *
 * @example
 * const key = await ensureCheckpointKey(checkpointKeyPaths(config.stateDir, config.network));
 * const stop = store.checkpoints.every(key, 60_000, (error) => log.error({ error }, 'checkpoint'));
 * // at shutdown: the last appends first, then the last checkpoint
 * stop(); await store.audit.close(); await store.checkpoints.checkpoint(key);
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

  /** Checkpoints at a fixed interval; the timer does not keep the process alive. */
  every(
    key: CheckpointSigningKey,
    intervalMs: number,
    onError: (error: unknown) => void,
  ): () => void {
    if (!(intervalMs > 0)) throw new TypeError('the checkpoint interval must be positive');
    const timer = setInterval(() => {
      this.checkpoint(key).catch(onError);
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
