import { pino } from 'pino';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { DEFAULT_LIMITS } from '../../../broker/config/config.ts';
import { type PushDelivery, startPushDelivery } from '../../../broker/exchange/push-delivery.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient } from '../../support/api-client.ts';
import { useCheckpointKey, verifyAt, withDatabase } from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { freePort } from '../../support/free-port.ts';
import { useTestNetwork } from '../../support/network.ts';
import { inbox } from '../../support/partner-side.ts';
import { startTestBroker, type TestBroker } from '../../support/test-broker.ts';

const TIMEOUT_MS = 5000;
const BACKOFF = { initialMs: 20, maxMs: 100 };
const KEY = '"before-the-jump"';

const network = useTestNetwork({ partners: ORGANISATIONS });
const checkpointKey = useCheckpointKey();
let policy: PolicyEngine;
let police: RunningReferenceAdapter;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  police = await network.startAdapter('politie-cn');
});

describeOnEveryDatabase('the clock jumping back an hour', (ctx, dialect) => {
  let broker: TestBroker | undefined;
  let delivery: PushDelivery | undefined;
  let youthCare: RunningReferenceAdapter | undefined;
  afterEach(async () => {
    await broker?.running.close();
    await delivery?.stop();
    await youthCare?.close();
  });

  it('keeps every exchange audited in a chain that verifies, delivers what was accepted before the jump once, and still knows its Idempotency-Keys', async () => {
    // Broker, store, delivery and partner all read the one clock that jumps.
    const clock = ctx.clock;
    const before = new Date();
    const hours = (n: number) => new Date(before.getTime() + n * 60 * 60_000).toISOString();
    clock.set(hours(-2));
    const port = await freePort();
    const directory = {
      'politie-cn': police.url,
      'jeugdzorg-cn': `https://127.0.0.1:${port}`,
    };
    delivery = startPushDelivery({
      store: ctx.store,
      policy,
      clock,
      logger: pino({ level: 'silent' }),
      adapters: new Map(Object.entries(directory)),
      agents: network.agents,
      timeoutMs: TIMEOUT_MS,
      backoff: BACKOFF,
    });
    broker = await startTestBroker(network, {
      clock,
      store: ctx.store,
      policy,
      adapters: {
        directory: new Map(Object.entries(directory)),
        agents: network.agents,
        timeoutMs: TIMEOUT_MS,
        answerLimits: DEFAULT_LIMITS.adapterAnswer,
      },
      delivery,
    });
    const api = new ApiClient(broker.url, clock);
    const people = cast(network.holders);
    const theCase = await monitoredCase(api, people, DOMESTIC_VIOLENCE.father.nationalId);
    // The consent is recorded now, the case two hours ago.
    clock.set(hours(0));
    await giveConsent(api, people, theCase, 'jeugdzorg-cn');
    const pull = () =>
      api.call(
        people.caseDirector,
        'POST',
        `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`,
        { purpose: 'case_meeting', categories: ['police_incidents'], providers: ['politie-cn'] },
      );
    const push = () =>
      api.call(
        people.registrant,
        'POST',
        `/v1/cases/${theCase.caseId}/push`,
        {
          purpose: 'case_meeting',
          personId: theCase.personId,
          categories: { signal: { signal_date: '2026-11-20', signal_type: 'school' } },
        },
        { 'Idempotency-Key': KEY },
      );

    // Youth care's adapter is down: the push waits in the outbox.
    const pushed = await push();
    expect(pushed.status, pushed.text).toBe(200);
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['queued']);
    expect((await pull()).body[0]).toMatchObject({ status: 'data' });
    await ctx.store.checkpoints.checkpoint(checkpointKey.key);

    clock.set(hours(-1));

    // An hour back the consent was not yet recorded: the broker denies, and records it.
    const early = await pull();
    expect(early.status).toBe(200);
    expect(early.body).toEqual([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['CONSENT_MISSING'],
        withheld: { police_incidents: ['CONSENT_MISSING'] },
      },
    ]);
    // The retried push is recognised, not sent again.
    const retried = await push();
    expect(retried.status).toBe(200);
    expect(retried.body.messageId).toBe(pushed.body.messageId);

    // The message accepted before the jump is decided as of its acceptance: not dropped for
    // a consent that seems not yet given.
    youthCare = await network.startAdapter('jeugdzorg-cn', {
      port,
      stateDir: `jeugdzorg-jump-${dialect}`,
    });
    await vi.waitFor(
      async () => {
        const waiting = await withDatabase(ctx.url, (db) =>
          db.selectFrom('push_outbox').select('message_id').execute(),
        );
        expect(waiting).toEqual([]);
      },
      { timeout: 10_000 },
    );
    expect((await inbox(youthCare)).map((m) => m.messageId)).toEqual([pushed.body.messageId]);

    const recorded = await withDatabase(ctx.url, (db) =>
      db
        .selectFrom('audit_entries')
        .select(['event_type', 'at'])
        .where('event_type', 'like', 'exchange.%')
        .orderBy('seq')
        .execute(),
    );
    expect(recorded.map((e) => e.event_type)).toEqual([
      'exchange.push',
      'exchange.pull',
      'exchange.pull',
      'exchange.push.delivered',
    ]);
    // The entries say what the clock said: the trail's order is its sequence, not its times.
    expect(recorded.map((e) => e.at)).toEqual([hours(0), hours(0), hours(-1), hours(-1)]);
    await ctx.store.checkpoints.checkpoint(checkpointKey.key);
    expect(await verifyAt(ctx.url, checkpointKey.key)).toMatchObject({
      intact: true,
      checkpoints: 2,
    });
  });
});
