import type { Kysely, Transaction } from 'kysely';
import { ReplayCacheFullError, ReplayCacheUnavailableError } from '../errors/broker-error.ts';
import type { Database } from '../store/database.ts';

/** Remembers assertion ids until they could no longer be accepted anyway. */
export interface ReplayCache {
  /**
   * True the first time `organisation` presents `id` before `until`, false for a replay.
   * Rejects with REPLAY_CACHE_FULL when the organisation holds its quota of live claims.
   */
  claim(organisation: string, id: string, until: Date, now: Date): Promise<boolean>;
}

export interface StoredReplayCacheOptions {
  /** Live claims one organisation may hold; beyond it only that organisation is refused. */
  readonly quotaPerPartner: number;
  /** Told when a commit fails: the database the trail shares may be full or failing. */
  readonly onCommitFailed?: (error: unknown) => void;
}

/**
 * What the whole cache held when it was shared, so no partner is refused sooner than then.
 * A claim lives at most 5.5 minutes (the longest lifetime and the clock tolerance), 90 s
 * for the partner client's default: 300 to 1,100 requests a second from one partner.
 */
export const DEFAULT_REPLAY_QUOTA = 100_000;

type Outcome = 'claimed' | 'replayed' | 'full';

interface PendingClaim {
  readonly organisation: string;
  readonly id: string;
  readonly until: Date;
  readonly now: Date;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
}

/** Bounds one transaction, so that a burst does not hold the database for long. */
const MAX_BATCH = 1000;

/** Expired claims are deleted at most this often; until then they only take up rows. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * How long a partner found at its quota is refused before its claims are counted again:
 * claims that expire meanwhile free room at most this much later.
 */
const RECOUNT_MS = 1000;

/**
 * The replay cache in the broker's database. A claim resolves only once its row is
 * committed (with SQLite's synchronous=FULL: on disk), so an assertion the broker acted
 * on is still known after a crash or restart. Claims made while a commit is under way
 * share the next transaction, so a durable claim per request costs one commit per batch,
 * not per request. Each organisation has a quota of live claims of its own: a partner
 * that floods the broker is refused without refusing anyone else.
 *
 * @example
 * const cache = new StoredReplayCache(db, { quotaPerPartner: 20_000 });
 * await cache.claim('politie-cn', jti, expiresAt, new Date()); // true, then false
 */
export class StoredReplayCache implements ReplayCache {
  readonly #onCommitFailed: (error: unknown) => void;
  readonly #db: Kysely<Database>;
  readonly #quota: number;
  #pending: PendingClaim[] = [];
  #writing: Promise<void> | null = null;
  /** Organisations found at their quota, until when they are refused without a recount. */
  readonly #fullUntil = new Map<string, number>();
  #nextSweep = 0;
  #closed = false;

  constructor(db: Kysely<Database>, options: StoredReplayCacheOptions) {
    if (!Number.isInteger(options.quotaPerPartner) || options.quotaPerPartner < 1) {
      throw new TypeError('quotaPerPartner must be a positive integer');
    }
    this.#db = db;
    this.#quota = options.quotaPerPartner;
    this.#onCommitFailed = options.onCommitFailed ?? (() => {});
  }

  async claim(organisation: string, id: string, until: Date, now: Date): Promise<boolean> {
    if (this.#closed) throw new Error('the replay cache is closed');
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      this.#pending.push({ organisation, id, until, now, resolve, reject });
      this.#writing ??= this.#drain();
    });
    if (outcome === 'full') throw new ReplayCacheFullError();
    return outcome === 'claimed';
  }

  /** Refuses further claims and resolves once every claim made so far is settled. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#writing;
  }

  async #drain(): Promise<void> {
    // Yield once, so that the claims of the current tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#pending.length > 0) {
      await this.#commit(this.#pending.splice(0, MAX_BATCH));
    }
    this.#writing = null;
  }

  async #commit(batch: readonly PendingClaim[]): Promise<void> {
    // The earliest time of the batch: an id is taken over, and a claim stops counting
    // against the quota, only once it has expired for every claim in it.
    const now = new Date(Math.min(...batch.map((claim) => claim.now.getTime())));
    const sweep = now.getTime() >= this.#nextSweep;
    let outcomes: Outcome[];
    try {
      outcomes = await this.#db.transaction().execute(async (trx) => {
        if (sweep) await sweepExpired(trx, now);
        return this.#claimAll(trx, batch, now);
      });
    } catch (error) {
      this.#onCommitFailed(error);
      const failure = new ReplayCacheUnavailableError({ cause: error });
      for (const claim of batch) claim.reject(failure);
      return;
    }
    if (sweep) this.#nextSweep = now.getTime() + SWEEP_INTERVAL_MS;
    batch.forEach((claim, i) => {
      claim.resolve(outcomes[i] as Outcome);
    });
  }

  /**
   * A few statements for the whole batch, however large: the insert decides which ids are
   * new (a live row makes a replay, also against another broker sharing the database; an
   * expired row is taken over), then each organisation's live claims are counted, and the
   * batch's last claims beyond its quota are taken back. An organisation found at its
   * quota is refused without insert or count until RECOUNT_MS later, so that a partner's
   * flood costs the database (and the event loop, on SQLite) no more than a lookup.
   */
  async #claimAll(
    trx: Transaction<Database>,
    batch: readonly PendingClaim[],
    now: Date,
  ): Promise<Outcome[]> {
    const first = new Map<string, PendingClaim>();
    for (const claim of batch) {
      const key = claimKey(claim.organisation, claim.id);
      if (!first.has(key)) first.set(key, claim);
    }
    const atQuota = new Set(
      [...first.values()]
        .filter((claim) => (this.#fullUntil.get(claim.organisation) ?? 0) > now.getTime())
        .map((claim) => claimKey(claim.organisation, claim.id)),
    );
    const open = [...first].filter(([key]) => !atQuota.has(key)).map(([, claim]) => claim);
    const claimed = await insertNew(trx, open, now);
    const over = await this.#overQuota(
      trx,
      [...new Set(open.map((claim) => claim.organisation))],
      now,
    );
    const refused = lastBeyondQuota(open, claimed, over);
    for (const [organisation, ids] of refused) {
      await trx
        .deleteFrom('assertion_claims')
        .where('organisation', '=', organisation)
        .where('assertion_id', 'in', [...ids])
        .execute();
    }
    const remembered = await liveClaims(
      trx,
      [...first].filter(([key]) => atQuota.has(key)).map(([, claim]) => claim),
      now,
    );
    const outcomes = new Map<string, Outcome>();
    for (const [key, claim] of first) {
      if (atQuota.has(key)) outcomes.set(key, remembered.has(key) ? 'replayed' : 'full');
      else if (!claimed.has(key)) outcomes.set(key, 'replayed');
      else outcomes.set(key, refused.get(claim.organisation)?.has(claim.id) ? 'full' : 'claimed');
    }
    return batch.map((claim) => {
      const key = claimKey(claim.organisation, claim.id);
      return first.get(key) === claim ? (outcomes.get(key) as Outcome) : 'replayed';
    });
  }

  /**
   * How many live claims each organisation holds beyond its quota, where it does; marks
   * those at their quota, and unmarks the others.
   */
  async #overQuota(
    trx: Transaction<Database>,
    organisations: readonly string[],
    now: Date,
  ): Promise<Map<string, number>> {
    if (organisations.length === 0) return new Map();
    const counts = await trx
      .selectFrom('assertion_claims')
      .select((eb) => ['organisation', eb.fn.countAll<number | string | bigint>().as('live')])
      .where('organisation', 'in', organisations)
      .where('expires_at', '>', now.toISOString())
      .groupBy('organisation')
      .execute();
    const over = new Map<string, number>();
    for (const organisation of organisations) this.#fullUntil.delete(organisation);
    for (const row of counts) {
      const live = Number(row.live);
      if (live >= this.#quota) this.#fullUntil.set(row.organisation, now.getTime() + RECOUNT_MS);
      if (live > this.#quota) over.set(row.organisation, live - this.#quota);
    }
    return over;
  }
}

/** The keys of the `claims` that are new or took over an expired id; the others are replays. */
async function insertNew(
  trx: Transaction<Database>,
  claims: readonly PendingClaim[],
  now: Date,
): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const inserted = await trx
    .insertInto('assertion_claims')
    .values(
      claims.map((claim) => ({
        organisation: claim.organisation,
        assertion_id: claim.id,
        expires_at: claim.until.toISOString(),
      })),
    )
    .onConflict((conflict) =>
      conflict
        .columns(['organisation', 'assertion_id'])
        .doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
        .where('assertion_claims.expires_at', '<=', now.toISOString()),
    )
    .returning(['organisation', 'assertion_id'])
    .execute();
  return new Set(inserted.map((row) => claimKey(row.organisation, row.assertion_id)));
}

/** The keys of the `claims` whose id is already claimed and live. */
async function liveClaims(
  trx: Transaction<Database>,
  claims: readonly PendingClaim[],
  now: Date,
): Promise<Set<string>> {
  const live = new Set<string>();
  const byOrganisation = new Map<string, string[]>();
  for (const claim of claims) {
    const ids = byOrganisation.get(claim.organisation) ?? [];
    ids.push(claim.id);
    byOrganisation.set(claim.organisation, ids);
  }
  for (const [organisation, ids] of byOrganisation) {
    const rows = await trx
      .selectFrom('assertion_claims')
      .select('assertion_id')
      .where('organisation', '=', organisation)
      .where('assertion_id', 'in', ids)
      .where('expires_at', '>', now.toISOString())
      .execute();
    for (const row of rows) live.add(claimKey(organisation, row.assertion_id));
  }
  return live;
}

function sweepExpired(trx: Transaction<Database>, now: Date) {
  return trx.deleteFrom('assertion_claims').where('expires_at', '<=', now.toISOString()).execute();
}

function claimKey(organisation: string, id: string): string {
  return `${organisation}\u0000${id}`;
}

/** The ids, by organisation, of the last new claims that took it beyond its quota. */
function lastBeyondQuota(
  claims: readonly PendingClaim[],
  claimed: ReadonlySet<string>,
  excess: ReadonlyMap<string, number>,
): Map<string, Set<string>> {
  const refused = new Map<string, Set<string>>();
  for (const claim of [...claims].reverse()) {
    const ids = refused.get(claim.organisation) ?? new Set<string>();
    if (ids.size >= (excess.get(claim.organisation) ?? 0)) continue;
    if (!claimed.has(claimKey(claim.organisation, claim.id))) continue;
    ids.add(claim.id);
    refused.set(claim.organisation, ids);
  }
  return refused;
}
