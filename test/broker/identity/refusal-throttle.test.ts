import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntryView } from '../../../broker/audit/search/audit-entry-view.ts';
import type { AuditRecord } from '../../../broker/audit/trail/audit-record.ts';
import { RefusalThrottle } from '../../../broker/identity/refusal-throttle.ts';
import { ApiClient } from '../../support/api-client.ts';
import { caller, ORGANISATIONS, outsider } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const network = useTestNetwork({ partners: ORGANISATIONS });

describeOnEveryDatabase('an organisation refused too often', (ctx) => {
  let broker: TestBroker | undefined;
  afterEach(async () => {
    await broker?.running.close();
    broker = undefined;
  });

  it('is answered 429 before its assertion is checked, and the turned-away requests are entered', async () => {
    ctx.clock.set(new Date().toISOString());
    broker = await network.startBroker({ store: ctx.store, refusalsPerMinute: 5 });
    const client = new ApiClient(broker.url);
    const prober = outsider(network.holders);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await client.call(prober, 'GET', `/v1/cases/${randomUUID()}`)).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
    const turnedAway = await client.call(prober, 'GET', '/v1/whoami');
    expect(turnedAway.status).toBe(429);
    expect(turnedAway.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    expect(turnedAway.body).toMatchObject({ code: 'REFUSALS_THROTTLED' });
    // Another organisation goes on as before.
    const school = caller(network.holders, 'sgb', 'mentor-2', 'case_participant');
    expect((await client.call(school, 'GET', '/v1/whoami')).status).toBe(200);

    const officer = caller(network.holders, 'zvh-bonaire', 'fg-zvh', 'privacy_officer');
    const page = await client.call(
      officer,
      'GET',
      '/v1/audit/entries?type=access.refused&requester=krusada',
    );
    const entries = (page.body as { entries: AuditEntryView[] }).entries;
    expect(entries.map((e) => e.details.code)).toEqual([
      'REFUSALS_THROTTLED',
      ...Array(5).fill('NOT_FOUND'),
    ]);
    expect(entries[0]?.details).toMatchObject({ status: 429, count: 1 });
  });
});

describe('the refusal budget', () => {
  afterEach(() => vi.useRealTimers());

  it('refills over the minute, and counts the requests it turns away every ten seconds and at close', async () => {
    vi.useFakeTimers();
    let now = 0;
    const entered: AuditRecord[] = [];
    const throttle = new RefusalThrottle({
      perMinute: 60,
      trail: {
        append: async (record) => {
          entered.push(record);
          return { seq: entered.length, hash: '' };
        },
      },
      network: 'bonaire',
      logger: pino({ level: 'silent' }),
      now: () => now,
    });
    for (let i = 0; i < 60; i++) throttle.spend('krusada');
    expect(throttle.waitSeconds('krusada')).toBe(1);
    expect(throttle.waitSeconds('sgb')).toBe(0);
    const request = { requestId: 'r1', traceparent: '00-x-y-01' };
    for (let i = 0; i < 5; i++) await throttle.turnAway('krusada', request);
    const counts = () => entered.map((e) => e.details?.count);
    expect(counts()).toEqual([1]);
    expect(entered[0]).toMatchObject({ requestId: 'r1', details: { code: 'REFUSALS_THROTTLED' } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(counts()).toEqual([1, 4]);
    await throttle.turnAway('krusada', request);
    await throttle.turnAway('krusada', request);
    await throttle.close();
    expect(counts()).toEqual([1, 4, 2]);
    now += 1000;
    expect(throttle.waitSeconds('krusada')).toBe(0);
  });
});
