import { afterEach, beforeAll, expect, it } from 'vitest';
import { UserAssertionSigner } from '../../../adapters/partner-client/user-assertion-signer.ts';
import { BrokerStore } from '../../../broker/store/broker-store.ts';
import { withDatabase } from '../../support/audit.ts';
import type { Holder } from '../../support/certificates.ts';
import { describeOnEveryDatabase, type StoreContext } from '../../support/databases.ts';
import { httpsRequest } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';
import { AUDIENCE, type TestBroker } from '../../support/test-broker.ts';

const MINUTE_MS = 60_000;

/** The store of a broker started again on the same database, as after a restart or crash. */
function reopen(ctx: StoreContext, replayQuotaPerPartner?: number): Promise<BrokerStore> {
  return BrokerStore.open({
    databaseUrl: ctx.url,
    identifierSecret: ctx.identifierSecret,
    clock: ctx.clock,
    ...(replayQuotaPerPartner === undefined ? {} : { replayQuotaPerPartner }),
  });
}

const claimRows = (ctx: StoreContext) =>
  withDatabase(ctx.url, (db) => db.selectFrom('assertion_claims').selectAll().execute());

describeOnEveryDatabase('the replay cache in the broker database', (ctx) => {
  const inMinutes = (minutes: number) => new Date(ctx.clock.now().getTime() + minutes * MINUTE_MS);

  it('accepts an id once per partner, and again once it could no longer be replayed', async () => {
    const cache = ctx.store.replays;
    const now = ctx.clock.now();
    expect(await cache.claim('politie-cn', 'jti-a', inMinutes(1), now)).toBe(true);
    expect(await cache.claim('politie-cn', 'jti-a', inMinutes(1), now)).toBe(false);
    expect(await cache.claim('jeugdzorg-cn', 'jti-a', inMinutes(1), now)).toBe(true);
    ctx.clock.advanceMinutes(2);
    expect(await cache.claim('politie-cn', 'jti-a', inMinutes(1), ctx.clock.now())).toBe(true);
  });

  it('accepts each of many ids claimed at once exactly once', async () => {
    const now = ctx.clock.now();
    const ids = Array.from({ length: 50 }, (_, n) => `jti-${n % 25}`);
    const accepted = await Promise.all(
      ids.map((id) => ctx.store.replays.claim('politie-cn', id, inMinutes(1), now)),
    );
    expect(accepted.filter(Boolean)).toHaveLength(25);
    expect(await claimRows(ctx)).toHaveLength(25);
  });

  it('still knows an accepted id in a broker started after a crash', async () => {
    expect(
      await ctx.store.replays.claim('politie-cn', 'jti-b', inMinutes(5), ctx.clock.now()),
    ).toBe(true);
    // The first store is left open, as a killed process leaves it: the claim is committed.
    const restarted = await reopen(ctx);
    try {
      expect(
        await restarted.replays.claim('politie-cn', 'jti-b', inMinutes(5), ctx.clock.now()),
      ).toBe(false);
    } finally {
      await restarted.close();
    }
  });

  it('refuses only the partner at its quota, until its claims expire', async () => {
    await ctx.store.close();
    ctx.store = await reopen(ctx, 3);
    const claim = (organisation: string, id: string) =>
      ctx.store.replays.claim(organisation, id, inMinutes(1), ctx.clock.now());
    for (const id of ['1', '2', '3']) expect(await claim('politie-cn', id)).toBe(true);
    await expect(claim('politie-cn', '4')).rejects.toMatchObject({ code: 'REPLAY_CACHE_FULL' });
    const flood = ['5', '6', '7'].map((id) => claim('politie-cn', id));
    for (const refused of flood) {
      await expect(refused).rejects.toMatchObject({ code: 'REPLAY_CACHE_FULL' });
    }
    // A replay of a remembered id is still a replay, not a full cache.
    expect(await claim('politie-cn', '3')).toBe(false);
    expect(await claim('jeugdzorg-cn', '1')).toBe(true);
    // The refused claims took no room: the flood leaves the table as it was.
    expect(await claimRows(ctx)).toHaveLength(4);
    ctx.clock.advanceMinutes(2);
    expect(await claim('politie-cn', '4')).toBe(true);
  });

  it('deletes expired claims', async () => {
    const cache = ctx.store.replays;
    for (const id of ['x', 'y']) {
      await cache.claim('politie-cn', id, inMinutes(1), ctx.clock.now());
    }
    ctx.clock.advanceMinutes(10);
    await cache.claim('politie-cn', 'z', inMinutes(1), ctx.clock.now());
    expect((await claimRows(ctx)).map((row) => row.assertion_id)).toEqual(['z']);
  });
});

const network = useTestNetwork({ partners: ['politie-cn', 'jeugdzorg-cn'] });
let politie: Holder;
let jeugdzorg: Holder;

beforeAll(() => {
  politie = network.holders['politie-cn'];
  jeugdzorg = network.holders['jeugdzorg-cn'];
});

function assertionOf(holder: Holder): Promise<string> {
  return UserAssertionSigner.create({
    certificatePem: holder.cert,
    privateKeyPem: holder.key,
    audience: AUDIENCE,
  }).sign({ id: 'u-17', name: 'R. Martis', role: 'case_participant' });
}

describeOnEveryDatabase('user assertions across broker restarts, over mutual TLS', (ctx) => {
  let broker: TestBroker | undefined;
  afterEach(async () => {
    await broker?.running.close();
    broker = undefined;
  });

  async function start(): Promise<TestBroker> {
    broker = await network.startBroker({ store: ctx.store });
    return broker;
  }

  async function restart(replayQuotaPerPartner?: number): Promise<TestBroker> {
    await broker?.running.close();
    await ctx.store.close();
    ctx.store = await reopen(ctx, replayQuotaPerPartner);
    return start();
  }

  const whoami = (running: TestBroker, holder: Holder, assertion: string) =>
    httpsRequest(`${running.url}/v1/whoami`, {
      tls: holder,
      headers: { 'ZVH-Assertion': assertion },
    });

  it('refuses after a restart an assertion used before it', async () => {
    const assertion = await assertionOf(politie);
    expect((await whoami(await start(), politie, assertion)).status).toBe(200);
    const replayed = await whoami(await restart(), politie, assertion);
    expect(replayed.status).toBe(401);
    expect(JSON.parse(replayed.text)).toMatchObject({ code: 'ASSERTION_REPLAYED' });
    expect((await whoami(broker as TestBroker, politie, await assertionOf(politie))).status).toBe(
      200,
    );
  });

  it('refuses a partner that has filled its replay quota, and no one else', async () => {
    const running = await restart(2);
    const calls = [1, 2, 3].map(async () => whoami(running, politie, await assertionOf(politie)));
    const statuses = (await Promise.all(calls)).map((response) => response.status);
    expect(statuses.sort()).toEqual([200, 200, 503]);
    const full = await whoami(running, politie, await assertionOf(politie));
    expect(full.status).toBe(503);
    expect(full.contentType).toBe('application/problem+json');
    expect(JSON.parse(full.text)).toMatchObject({ code: 'REPLAY_CACHE_FULL' });
    expect((await whoami(running, jeugdzorg, await assertionOf(jeugdzorg))).status).toBe(200);
    expect((await whoami(running, jeugdzorg, await assertionOf(jeugdzorg))).status).toBe(200);
  });
});
