import { expect, it } from 'vitest';
import {
  IdempotencyKeyInUseError,
  IdempotencyKeyReusedError,
} from '../../../broker/errors/broker-error.ts';
import { IDEMPOTENCY_LEASE_MS } from '../../../broker/store/push-idempotency.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

const KEY = { network: 'bonaire', organisation: 'politie-cn', key: 'key-1' };
const REQUEST = 'a'.repeat(64);
const OUTCOME = { messageId: 'm-1', results: [] };

describeOnEveryDatabase('the Idempotency-Keys of pushes', (ctx) => {
  const accept = (held: Parameters<typeof ctx.store.idempotency.accept>[1]) =>
    ctx.store.audit.appendAtomically([], (trx) => ctx.store.idempotency.accept(trx, held, OUTCOME));

  it('gives the first answer to a retry once the push is accepted, and only then', async () => {
    const first = await ctx.store.idempotency.claim(KEY, REQUEST);
    if (first.kind !== 'held') throw new Error('the first claim holds the key');
    await expect(ctx.store.idempotency.claim(KEY, REQUEST)).rejects.toBeInstanceOf(
      IdempotencyKeyInUseError,
    );
    await accept(first.held);
    expect(await ctx.store.idempotency.claim(KEY, REQUEST)).toEqual({
      kind: 'answered',
      outcome: OUTCOME,
    });
  });

  it('refuses the key for another request, and keeps keys of other senders apart', async () => {
    const first = await ctx.store.idempotency.claim(KEY, REQUEST);
    if (first.kind !== 'held') throw new Error('the first claim holds the key');
    await accept(first.held);
    await expect(ctx.store.idempotency.claim(KEY, 'b'.repeat(64))).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    const other = await ctx.store.idempotency.claim(
      { ...KEY, organisation: 'sgb' },
      'b'.repeat(64),
    );
    expect(other.kind).toBe('held');
  });

  it('lets a retry take over the key of an attempt that died, and the dead one commit nothing', async () => {
    const dead = await ctx.store.idempotency.claim(KEY, REQUEST);
    if (dead.kind !== 'held') throw new Error('the first claim holds the key');
    ctx.clock.set(new Date(ctx.clock.now().getTime() + IDEMPOTENCY_LEASE_MS + 1).toISOString());
    const retry = await ctx.store.idempotency.claim(KEY, REQUEST);
    if (retry.kind !== 'held') throw new Error('the retry takes the key over');
    // Had the first attempt only been slow, its push rolls back instead of being sent twice.
    await expect(accept(dead.held)).rejects.toBeInstanceOf(IdempotencyKeyInUseError);
    expect(ctx.store.audit.health().writable).toBe(true);
    await accept(retry.held);
    expect((await ctx.store.idempotency.claim(KEY, REQUEST)).kind).toBe('answered');
  });

  it('frees a key whose push committed nothing, and forgets keys after a day', async () => {
    const failed = await ctx.store.idempotency.claim(KEY, REQUEST);
    if (failed.kind !== 'held') throw new Error('the first claim holds the key');
    await ctx.store.idempotency.release(failed.held);
    const again = await ctx.store.idempotency.claim(KEY, REQUEST);
    if (again.kind !== 'held') throw new Error('a released key is free');
    await accept(again.held);
    ctx.clock.advanceMinutes(24 * 60 + 1);
    expect((await ctx.store.idempotency.claim(KEY, 'b'.repeat(64))).kind).toBe('held');
  });
});
