import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import {
  checkpointKeyPaths,
  ensureCheckpointKey,
} from '../../../broker/audit/checkpoints/checkpoint-key.ts';
import { verifyAuditTrail } from '../../../broker/audit/verification/chain-verifier.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import { withDatabase } from '../../support/audit.ts';
import { type BrokerProcess, startBrokerProcess } from '../../support/broker-process.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { useTestNetwork } from '../../support/network.ts';
import { drain, inbox } from '../../support/partner-side.ts';

/** Enough that the broker dies with some pushes answered, some under way, some not begun. */
const PUSHES = 60;
/** The broker is killed once this many messages have reached the adapter. */
const KILL_AFTER_DELIVERED = 5;

// A broker process serves the network its CA is named after, and seeds `bonaire`.
const network = useTestNetwork({ name: 'bonaire', partners: ORGANISATIONS });
let youthCare: RunningReferenceAdapter;

beforeAll(async () => {
  youthCare = await network.startAdapter('jeugdzorg-cn');
});

describeOnEveryDatabase('kill -9 of the broker during push delivery', (ctx) => {
  let broker: BrokerProcess | undefined;
  afterEach(async () => {
    await broker?.stop('SIGKILL');
    broker = undefined;
    await drain(youthCare);
  });

  const start = () =>
    startBrokerProcess({
      network,
      databaseUrl: ctx.url,
      identifierSecret: ctx.identifierSecret,
      adapters: { 'jeugdzorg-cn': youthCare.url },
      adapterTimeoutMs: 5000,
    });

  const count = (type: string) =>
    withDatabase(ctx.url, async (db) => {
      const rows = await db
        .selectFrom('audit_entries')
        .select(['exchange_id', 'details'])
        .where('event_type', '=', type)
        .where('decision', '=', 'allow')
        .execute();
      return rows.map((row) => JSON.parse(row.details).message_id as string);
    });

  it('loses no message, delivers none twice and records each delivery once, with the sender retrying under its Idempotency-Keys', async () => {
    broker = await start();
    let api = new ApiClient(broker.url);
    const people = cast(network.holders);
    const theCase = await monitoredCase(api, people, DOMESTIC_VIOLENCE.father.nationalId);
    await giveConsent(api, people, theCase, 'jeugdzorg-cn');
    const path = `/v1/cases/${theCase.caseId}/push`;
    const push = (n: number) =>
      api
        .call(
          people.registrant,
          'POST',
          path,
          {
            purpose: 'case_meeting',
            personId: theCase.personId,
            categories: {
              signal: {
                signal_date: '2026-11-20',
                signal_type: 'school',
                description: `push ${n}`,
              },
            },
          },
          { 'Idempotency-Key': `"push-${n}"` },
        )
        .catch((): undefined => undefined);

    const pushes = Array.from({ length: PUSHES }, (_, n) => push(n));
    await vi.waitFor(
      async () =>
        expect((await inbox(youthCare)).length).toBeGreaterThanOrEqual(KILL_AFTER_DELIVERED),
      { timeout: 30_000, interval: 10 },
    );
    await broker.stop('SIGKILL');
    const first = await Promise.all(pushes);
    const unanswered = first.flatMap((answer, n) => (answer?.status === 200 ? [] : [n]));
    // The kill came while pushes were under way: some senders never heard back.
    expect(unanswered.length).toBeGreaterThan(0);

    broker = await start();
    api = new ApiClient(broker.url);
    // Each sender without an answer sends again with its key; while the dead attempt's
    // hold on the key lasts, the broker says 409 and the sender waits.
    for (const n of unanswered) {
      let retry: ApiResponse | undefined;
      await vi.waitFor(
        async () => {
          retry = await push(n);
          expect(retry?.status, retry?.text).toBe(200);
        },
        { timeout: 30_000, interval: 500 },
      );
    }
    await vi.waitFor(
      async () => {
        const waiting = await withDatabase(ctx.url, (db) =>
          db.selectFrom('push_outbox').select('message_id').execute(),
        );
        expect(waiting).toEqual([]);
      },
      { timeout: 30_000, interval: 100 },
    );

    const received = await inbox(youthCare);
    const descriptions = received.map((m) => m.categories.signal?.description).sort();
    expect(descriptions).toEqual(Array.from({ length: PUSHES }, (_, n) => `push ${n}`).sort());
    const messageIds = received.map((m) => m.messageId).sort();
    expect(new Set(messageIds).size).toBe(PUSHES);
    expect((await count('exchange.push')).sort()).toEqual(messageIds);
    expect((await count('exchange.push.delivered')).sort()).toEqual(messageIds);

    await broker.stop('SIGTERM');
    broker = undefined;
    const key = await ensureCheckpointKey(checkpointKeyPaths(network.dir, 'bonaire'));
    expect((await verifyAuditTrail(ctx.url, key.publicKey, { threads: 1 })).intact).toBe(true);
  });
});
