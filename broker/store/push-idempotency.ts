import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../keys/clock.ts';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError } from '../errors/broker-error.ts';
import type { Database } from './database.ts';

/** How long a key is remembered: a partner retries within minutes, a day is ample. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long an attempt holds its key before its push commits. The commit follows the
 * decisions within a second; only an attempt that died (a crash) holds it this long. Too
 * short costs nothing but a 409: an attempt whose key was taken over cannot commit.
 */
export const IDEMPOTENCY_LEASE_MS = 10 * 1000;

/** The key of one sender's push. */
export interface IdempotencyKey {
  readonly network: string;
  readonly organisation: string;
  readonly key: string;
}

/** This attempt holds the key: its push goes ahead. */
export interface HeldKey extends IdempotencyKey {
  readonly owner: string;
}

export type Claim<Outcome> =
  | { readonly kind: 'held'; readonly held: HeldKey }
  /** A push with this key was accepted before: its answer, to give again. */
  | { readonly kind: 'answered'; readonly outcome: Outcome };

/**
 * The Idempotency-Key of pushes (IETF draft-ietf-httpapi-idempotency-key-header), durable
 * in the broker's database. A push claims its key first; it is `accepted` in the same
 * transaction as the push's entries and queued messages, so after a crash the key is
 * either accepted (and the retry gets the first answer) or still held by the dead
 * attempt, which committed nothing: once its lease ends, a retry takes the key over and
 * sends the push. An attempt that lost its key to a takeover cannot accept it any more, so
 * one key never commits two pushes.
 *
 * @example
 * const claim = await idempotency.claim({ network, organisation, key }, requestSha256);
 * if (claim.kind === 'answered') return claim.outcome;
 * await store.audit.appendAtomically(entries, (trx) => idempotency.accept(trx, claim.held, outcome));
 */
export class PushIdempotency {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * Holds the key for this attempt, or gives the answer of the push that was accepted
   * with it. Throws IDEMPOTENCY_KEY_REUSED for another request under the key and
   * IDEMPOTENCY_KEY_IN_USE while another attempt holds it.
   */
  async claim<Outcome>(id: IdempotencyKey, requestSha256: string): Promise<Claim<Outcome>> {
    const now = this.#clock.now();
    await this.#db
      .deleteFrom('push_idempotency_keys')
      .where('expires_at', '<', now.toISOString())
      .execute();
    const owner = randomUUID();
    const leaseUntil = new Date(now.getTime() + IDEMPOTENCY_LEASE_MS).toISOString();
    const inserted = await this.#db
      .insertInto('push_idempotency_keys')
      .values({
        network_id: id.network,
        organisation: id.organisation,
        idempotency_key: id.key,
        request_sha256: requestSha256,
        state: 'in_progress',
        owner,
        lease_until: leaseUntil,
        outcome: null,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS).toISOString(),
      })
      .onConflict((oc) => oc.columns(['network_id', 'organisation', 'idempotency_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) {
      return { kind: 'held', held: { ...id, owner } };
    }
    const row = await this.#keyed(
      this.#db.selectFrom('push_idempotency_keys').selectAll(),
      id,
    ).executeTakeFirst();
    if (row === undefined) throw new IdempotencyKeyInUseError();
    if (row.request_sha256 !== requestSha256) throw new IdempotencyKeyReusedError();
    if (row.state === 'accepted' && row.outcome !== null) {
      return { kind: 'answered', outcome: JSON.parse(row.outcome) as Outcome };
    }
    if (row.lease_until > now.toISOString()) throw new IdempotencyKeyInUseError();
    // The attempt that held it died before its push committed: this one takes over.
    const taken = await this.#keyed(this.#db.updateTable('push_idempotency_keys'), id)
      .set({ owner, lease_until: leaseUntil })
      .where('owner', '=', row.owner)
      .where('state', '=', 'in_progress')
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) throw new IdempotencyKeyInUseError();
    return { kind: 'held', held: { ...id, owner } };
  }

  /**
   * Inside the push's transaction: the key is accepted with the push's answer. Throws
   * IDEMPOTENCY_KEY_IN_USE, rolling the push back, if another attempt took the key over.
   */
  async accept(trx: Kysely<Database>, held: HeldKey, outcome: unknown): Promise<void> {
    const accepted = await this.#keyed(trx.updateTable('push_idempotency_keys'), held)
      .set({ state: 'accepted', outcome: JSON.stringify(outcome) })
      .where('owner', '=', held.owner)
      .where('state', '=', 'in_progress')
      .executeTakeFirst();
    if (Number(accepted.numUpdatedRows) === 0) throw new IdempotencyKeyInUseError();
  }

  /** After delivery: the answer a retry gets says what became of each message first. */
  async answered(held: HeldKey, outcome: unknown): Promise<void> {
    await this.#keyed(this.#db.updateTable('push_idempotency_keys'), held)
      .set({ outcome: JSON.stringify(outcome) })
      .where('owner', '=', held.owner)
      .where('state', '=', 'accepted')
      .execute();
  }

  /** The push committed nothing: a retry with the key may send it. */
  async release(held: HeldKey): Promise<void> {
    await this.#keyed(this.#db.deleteFrom('push_idempotency_keys'), held)
      .where('owner', '=', held.owner)
      .where('state', '=', 'in_progress')
      .execute();
  }

  #keyed<
    Q extends {
      where(column: 'network_id' | 'organisation' | 'idempotency_key', op: '=', value: string): Q;
    },
  >(query: Q, id: IdempotencyKey): Q {
    return query
      .where('network_id', '=', id.network)
      .where('organisation', '=', id.organisation)
      .where('idempotency_key', '=', id.key);
  }
}
