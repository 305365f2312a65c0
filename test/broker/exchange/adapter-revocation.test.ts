import { pino } from 'pino';
import { afterEach, beforeAll, expect, it } from 'vitest';
import type { InboxMessage } from '../../../adapters/contract/wire-messages.ts';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { type PushDelivery, startPushDelivery } from '../../../broker/exchange/push-delivery.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { systemClock } from '../../../keys/clock.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import { withDatabase } from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const NATIONAL_ID = DOMESTIC_VIOLENCE.father.nationalId;
const TIMEOUT_MS = 5000;
/** Short waits between retries, so that several attempts fall inside the test. */
const BACKOFF = { initialMs: 20, maxMs: 100 };

let policy: PolicyEngine;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
});

async function releases(adapter: RunningReferenceAdapter): Promise<unknown[]> {
  const response = await fetch(`${adapter.localUrl}/v1/releases`);
  return ((await response.json()) as { entries: unknown[] }).entries;
}

async function inbox(adapter: RunningReferenceAdapter): Promise<InboxMessage[]> {
  const response = await fetch(`${adapter.localUrl}/v1/inbox`);
  const body = (await response.json()) as { messages: { message: InboxMessage }[] };
  return body.messages.map((stored) => stored.message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describeOnEveryDatabase('an adapter certificate revoked while the broker is connected', (ctx) => {
  // A network of its own: the revocations of this suite stay in it.
  const network = useTestNetwork({ partners: ORGANISATIONS });
  let police: RunningReferenceAdapter;
  let youthCare: RunningReferenceAdapter;
  let broker: TestBroker | undefined;
  let delivery: PushDelivery | undefined;

  beforeAll(async () => {
    police = await network.startAdapter('politie-cn');
    youthCare = await network.startAdapter('jeugdzorg-cn');
  });

  afterEach(async () => {
    await broker?.running.close();
    await delivery?.stop();
    broker = undefined;
    delivery = undefined;
  });

  async function setUp() {
    ctx.clock.set(new Date().toISOString());
    const urls = { 'politie-cn': police.url, 'jeugdzorg-cn': youthCare.url };
    delivery = startPushDelivery({
      store: ctx.store,
      policy,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      adapters: new Map(Object.entries(urls)),
      agents: network.agents,
      timeoutMs: TIMEOUT_MS,
      backoff: BACKOFF,
    });
    broker = await network.startBroker({
      store: ctx.store,
      policy,
      adapters: { urls, timeoutMs: TIMEOUT_MS },
      delivery,
    });
    const api = new ApiClient(broker.url);
    const people = cast(network.holders);
    const theCase = await monitoredCase(api, people, NATIONAL_ID);
    await giveConsent(api, people, theCase, 'jeugdzorg-cn');
    return { api, people, ...theCase };
  }

  /** Revokes the adapter's certificate; the broker re-reads the list, as it does each second. */
  async function revoke(organisation: string): Promise<void> {
    await network.authority.revokeCurrent('adapter', organisation, 'keyCompromise', new Date());
    await network.revocations.reload();
  }

  /** The broker holds a connection to the adapter, kept alive for the next call. */
  function keptAlive(organisation: string): number {
    return Object.values(network.agents.for(organisation).freeSockets).flat().length;
  }

  const resultsOf = (response: ApiResponse) => {
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  it('the next pull sends the revoked adapter no identifier and reports it unavailable', async () => {
    const { api, people, caseId, personId } = await setUp();
    const pull = async () =>
      resultsOf(
        await api.call(
          people.caseDirector,
          'POST',
          `/v1/cases/${caseId}/persons/${personId}/pull`,
          {
            purpose: 'case_meeting',
            categories: ['police_incidents'],
            providers: ['politie-cn'],
          },
        ),
      );
    expect(await pull()).toMatchObject([{ provider: 'politie-cn', status: 'data' }]);
    expect(keptAlive('politie-cn')).toBeGreaterThan(0);
    const released = await releases(police);
    expect(released.length).toBeGreaterThan(0);

    await revoke('politie-cn');
    expect(await pull()).toEqual([{ provider: 'politie-cn', status: 'unavailable' }]);
    expect(await pull()).toEqual([{ provider: 'politie-cn', status: 'unavailable' }]);
    expect(await releases(police)).toEqual(released);
    const entries = await withDatabase(ctx.url, (db) =>
      db
        .selectFrom('audit_entries')
        .select('reasons')
        .where('event_type', '=', 'exchange.pull')
        .orderBy('seq')
        .execute(),
    );
    expect(
      entries.map((entry) => JSON.parse(entry.reasons).includes('ADAPTER_UNAVAILABLE')),
    ).toEqual([false, true, true]);
  });

  it('the next push delivery sends the revoked adapter nothing and reports it queued', async () => {
    const { api, people, caseId, personId } = await setUp();
    const push = async (n: number) =>
      resultsOf(
        await api.call(people.registrant, 'POST', `/v1/cases/${caseId}/push`, {
          purpose: 'case_meeting',
          personId,
          categories: {
            signal: {
              signal_date: '2026-11-20',
              signal_type: 'police_report',
              description: `signal ${n}`,
            },
          },
          recipients: ['jeugdzorg-cn'],
        }),
      );
    expect((await push(1)).results).toMatchObject([
      { recipient: 'jeugdzorg-cn', status: 'delivered' },
    ]);
    expect(keptAlive('jeugdzorg-cn')).toBeGreaterThan(0);
    const delivered = await inbox(youthCare);
    expect(delivered).toHaveLength(1);

    await revoke('jeugdzorg-cn');
    const queued = await push(2);
    expect(queued.results).toMatchObject([{ recipient: 'jeugdzorg-cn', status: 'queued' }]);
    // The worker keeps trying, and every attempt is refused before a byte is sent.
    await sleep(500);
    expect(await inbox(youthCare)).toEqual(delivered);
    const waiting = await withDatabase(ctx.url, (db) =>
      db.selectFrom('push_outbox').select(['message_id', 'attempts']).execute(),
    );
    expect(waiting).toEqual([{ message_id: queued.messageId, attempts: expect.any(Number) }]);
    expect(Number(waiting[0]?.attempts)).toBeGreaterThan(1);
    const deliveredEntries = await withDatabase(ctx.url, (db) =>
      db
        .selectFrom('audit_entries')
        .select('exchange_id')
        .where('event_type', '=', 'exchange.push.delivered')
        .execute(),
    );
    expect(deliveredEntries).toHaveLength(1);
  });
});
