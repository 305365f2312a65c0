import { Agent } from 'node:https';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { DEFAULT_LIMITS } from '../../../broker/config/config.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient } from '../../support/api-client.ts';
import { withDatabase } from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import type { Answer, FakeServer } from '../../support/fake-server.ts';
import { httpsRequest } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

/**
 * What one hostile answer may add to this process's resident memory at its peak (the
 * broker, the fake adapter that writes the answer and the test together). Unbounded, the
 * same answers took the broker past 1 GB.
 */
const RSS_BOUND_MB = 64;

/** The issue's bound on /health while an adapter misbehaves. */
const HEALTH_BOUND_MS = 100;

const MB = 1024 * 1024;
/** The largest TLS record: how a large answer arrives from a peer on the network. */
const TLS_RECORD_BYTES = 16 * 1024;
const TIMEOUT_MS = 2000;

const network = useTestNetwork({ partners: ORGANISATIONS });
let policy: PolicyEngine;
let police: RunningReferenceAdapter;
let hostileSchool: FakeServer;
let healthAgent: Agent;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  police = await network.startAdapter('politie-cn');
  hostileSchool = await network.fakeAdapter('sgb');
  const holder = network.holders['politie-cn'];
  healthAgent = new Agent({ ...holder, keepAlive: true, maxSockets: 1 });
});

afterAll(() => healthAgent.destroy());

/** A pull answer of `exchangeId` whose one category holds `records`, as raw JSON text. */
function answerText(exchangeId: string | undefined, records: string): string {
  return `{"exchangeId":${JSON.stringify(exchangeId)},"categories":{"school_attendance":${records}}}`;
}

const attacks: readonly (readonly [string, string, (exchangeId?: string) => Answer])[] = [
  [
    'a value nested a million deep',
    'nested deeper than 32 levels',
    (id) => ({
      status: 200,
      text: answerText(id, `[{"incident_date":${'['.repeat(1e6)}${']'.repeat(1e6)}}]`),
      pieceBytes: TLS_RECORD_BYTES,
    }),
  ],
  [
    'a million one-byte TLS records',
    `arrived in more than ${DEFAULT_LIMITS.adapterAnswer.reads} pieces`,
    (id) => ({ status: 200, text: answerText(id, '[]').padEnd(1e6, ' '), pieceBytes: 1 }),
  ],
  [
    '200,000 records with unique field names',
    `more than ${DEFAULT_LIMITS.adapterAnswer.records} records`,
    (id) => ({
      status: 200,
      text: answerText(id, `[${uniqueNames((n) => `{"f${n}":1}`)}]`),
      pieceBytes: TLS_RECORD_BYTES,
    }),
  ],
  [
    'one record with 200,000 unique field names',
    `more than ${DEFAULT_LIMITS.adapterAnswer.fields} fields in one record`,
    (id) => ({
      status: 200,
      text: answerText(id, `[{${uniqueNames((n) => `"f${n}":1`)}}]`),
      pieceBytes: TLS_RECORD_BYTES,
    }),
  ],
];

function uniqueNames(write: (n: number) => string): string {
  const parts: string[] = [];
  for (let n = 0; n < 200_000; n++) parts.push(write(n));
  return parts.join(',');
}

/** Asks /health every few milliseconds until stopped; resolves to every answer's latency. */
function probeHealth(url: string): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const probing = (async () => {
    while (running) {
      const started = performance.now();
      const health = await httpsRequest(`${url}/health`, { agent: healthAgent });
      latencies.push(performance.now() - started);
      expect(health.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await probing;
      return latencies;
    },
  };
}

describeOnEveryDatabase(
  'an adapter answer past a limit, cut off while it streams',
  (ctx) => {
    let broker: TestBroker | undefined;
    afterEach(async () => {
      await broker?.running.close();
      broker = undefined;
    });

    const entries = () =>
      withDatabase(ctx.url, (db) =>
        db
          .selectFrom('audit_entries')
          .selectAll()
          .where('event_type', '=', 'exchange.pull')
          .orderBy('seq')
          .execute(),
      );

    for (const [attack, reason, hostileAnswer] of attacks) {
      it(`makes a school adapter answering ${attack} unavailable while the police answer`, async () => {
        ctx.clock.set(new Date().toISOString());
        broker = await network.startBroker({
          store: ctx.store,
          policy,
          adapters: {
            urls: { 'politie-cn': police.url, sgb: hostileSchool.url },
            timeoutMs: TIMEOUT_MS,
          },
        });
        const api = new ApiClient(broker.url);
        const people = cast(network.holders);
        const theCase = await monitoredCase(api, people, DOMESTIC_VIOLENCE.father.nationalId);
        await giveConsent(api, people, theCase, 'jeugdzorg-cn');
        // Built before the measurement starts: the text is the test's, not the broker's.
        const prepared = hostileAnswer();
        hostileSchool.behave(({ body }) => ({
          ...prepared,
          text: prepared.text.replace(
            '"exchangeId":undefined',
            `"exchangeId":"${body.exchangeId}"`,
          ),
        }));

        const before = process.memoryUsage().rss;
        let peak = before;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 5);
        const health = probeHealth(broker.url);
        const response = await api.call(
          people.caseDirector,
          'POST',
          `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`,
          {
            purpose: 'case_meeting',
            // Each provider holds one of the two: the other is PROVIDER_DOMAIN_NOT_PERMITTED.
            categories: ['police_incidents', 'school_attendance'],
            providers: ['politie-cn', 'sgb'],
          },
        );
        const latencies = await health.stop();
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage().rss);

        expect(response.status).toBe(200);
        const results = response.body as { provider: string; status: string }[];
        expect(results.map((r) => [r.provider, r.status])).toEqual([
          ['politie-cn', 'data'],
          ['sgb', 'unavailable'],
        ]);
        expect((peak - before) / MB).toBeLessThan(RSS_BOUND_MB);
        expect(latencies.length).toBeGreaterThan(0);
        expect(Math.max(...latencies)).toBeLessThan(HEALTH_BOUND_MS);
        const refusal = broker.logLines.find((line) => line.includes('adapter unavailable'));
        expect(refusal).toContain(reason);
        const recorded = await entries();
        const school = recorded.find((entry) => entry.provider_organisation === 'sgb');
        expect(JSON.parse(school?.reasons ?? '[]')).toEqual([
          'ADAPTER_UNAVAILABLE',
          'PROVIDER_DOMAIN_NOT_PERMITTED',
        ]);
        expect(JSON.stringify(recorded)).not.toContain('f199999');
      });
    }
  },
  // Every commit's fsync holds the event loop; on a busy disk that alone can pass 100 ms.
  { sqliteInMemoryFileSystem: true },
);
