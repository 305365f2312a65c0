import { afterEach, beforeAll, expect, it } from 'vitest';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import type { PushDelivery } from '../../../broker/exchange/push-delivery.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import { useCheckpointKey, verifyAt, withDatabase } from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import type { FakeServer } from '../../support/fake-server.ts';
import { JsonText } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';
import { drain, inbox } from '../../support/partner-side.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const NATIONAL_ID = DOMESTIC_VIOLENCE.father.nationalId;
const TIMEOUT_MS = 5000;

/** A number JSON can spell but canonical JSON cannot hold: the payload digest throws on it. */
const UNDIGESTIBLE = '1e999';

/** `{"a":{"a":...1...}}`, `depth` objects deep: deeper than a recursive serialiser's stack. */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const network = useTestNetwork({ partners: ORGANISATIONS });
const checkpointKey = useCheckpointKey();
let policy: PolicyEngine;
let school: RunningReferenceAdapter;
let youthCare: RunningReferenceAdapter;
let fakePolice: FakeServer;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  school = await network.startAdapter('sgb');
  youthCare = await network.startAdapter('jeugdzorg-cn');
  fakePolice = await network.fakeAdapter('politie-cn');
});

describeOnEveryDatabase(
  'one provider or recipient failing leaves the others and the trail whole',
  (ctx) => {
    let broker: TestBroker | undefined;
    let delivery: PushDelivery | undefined;
    afterEach(async () => {
      await broker?.running.close();
      await delivery?.stop();
      fakePolice.received.length = 0;
      await Promise.all([drain(school), drain(youthCare)]);
    });

    async function setUp() {
      ctx.clock.set(new Date().toISOString());
      const directory = {
        'politie-cn': fakePolice.url,
        sgb: school.url,
        'jeugdzorg-cn': youthCare.url,
      };
      ({ broker, delivery } = await network.startExchangingBroker({
        store: ctx.store,
        policy,
        urls: directory,
        timeoutMs: TIMEOUT_MS,
      }));
      const api = new ApiClient(broker.url);
      const people = cast(network.holders);
      const theCase = await monitoredCase(api, people, NATIONAL_ID);
      for (const recipient of ['jeugdzorg-cn', 'sgb'])
        await giveConsent(api, people, theCase, recipient);
      const { caseId, personId } = theCase;
      const pull = (body: object) =>
        api.call(people.caseDirector, 'POST', `/v1/cases/${caseId}/persons/${personId}/pull`, body);
      const push = (body: JsonText) =>
        api.call(people.registrant, 'POST', `/v1/cases/${caseId}/push`, body);
      return { pull, push, personId };
    }

    const entries = (type: string) =>
      withDatabase(ctx.url, (db) =>
        db
          .selectFrom('audit_entries')
          .selectAll()
          .where('event_type', '=', type)
          .orderBy('seq')
          .execute(),
      );

    /** The police answer their incidents with `value` as the incident type. */
    function policeAnswer(value: string): void {
      fakePolice.behave(({ body }) => ({
        status: 200,
        text: `{"exchangeId":${JSON.stringify(body.exchangeId)},"categories":{"police_incidents":[{"incident_date":"2026-05-01","incident_type":${value},"role_in_incident":"suspect"}]}}`,
      }));
    }

    const pullBoth = {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'school_attendance'],
      providers: ['politie-cn', 'sgb'],
    };

    it('makes a provider whose answer the broker cannot digest unavailable, records it, and releases the other provider', async () => {
      const { pull } = await setUp();
      policeAnswer(UNDIGESTIBLE);
      const response = await pull(pullBoth);
      expect(response.status, response.text).toBe(200);
      const results = response.body as { provider: string; status: string }[];
      expect(results.map((r) => [r.provider, r.status])).toEqual([
        ['politie-cn', 'unavailable'],
        ['sgb', 'data'],
      ]);
      // The police adapter was sent the national identifier: its exchange has its entry.
      expect(fakePolice.received.map((r) => r.body.person)).toEqual([{ nationalId: NATIONAL_ID }]);
      const recorded = await entries('exchange.pull');
      const police = recorded.find((e) => e.provider_organisation === 'politie-cn');
      expect(police).toMatchObject({
        decision: 'allow',
        exchange_id: fakePolice.received[0]?.body.exchangeId,
      });
      expect(JSON.parse(police?.reasons ?? '[]')).toContain('EXCHANGE_FAILED');
      expect(JSON.parse(police?.details ?? '{}')).toEqual({ error: 'TypeError' });
      expect(JSON.parse(police?.fields ?? '[]')).toEqual([]);
      const schoolEntry = recorded.find((e) => e.provider_organisation === 'sgb');
      expect(schoolEntry).toMatchObject({ decision: 'allow' });
      expect((await verifyAt(ctx.url, checkpointKey.key)).intact).toBe(true);
    });

    it('keeps every provider with its entry when an adapter answers a value 50,000 levels deep', async () => {
      const { pull } = await setUp();
      policeAnswer(nested(50_000));
      const response = await pull(pullBoth);
      expect(response.status, response.text.slice(0, 200)).toBe(200);
      const results = response.body as { provider: string; status: string }[];
      expect(Object.fromEntries(results.map((r) => [r.provider, r.status]))).toMatchObject({
        sgb: 'data',
      });
      const recorded = await entries('exchange.pull');
      // Every provider asked (so sent the identifier) has its entry, whatever became of it.
      expect(recorded.map((e) => e.provider_organisation).sort()).toEqual(['politie-cn', 'sgb']);
      const police = results.find((r) => r.provider === 'politie-cn');
      if (police?.status !== 'data') {
        expect(police?.status).toBe('unavailable');
        const entry = recorded.find((e) => e.provider_organisation === 'politie-cn');
        expect(JSON.parse(entry?.reasons ?? '[]')).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^(EXCHANGE_FAILED|ADAPTER_UNAVAILABLE)$/),
          ]),
        );
      }
      expect((await verifyAt(ctx.url, checkpointKey.key)).intact).toBe(true);
    });

    it('records an internal error before any provider is asked, and answers it as a 500', async () => {
      const { pull } = await setUp();
      await ctx.execute('ALTER TABLE formal_requests RENAME TO formal_requests_away');
      try {
        const response = await pull(pullBoth);
        expect(response.status).toBe(500);
        expect(response.body).toMatchObject({ code: 'INTERNAL' });
      } finally {
        await ctx.execute('ALTER TABLE formal_requests_away RENAME TO formal_requests');
      }
      expect(fakePolice.received).toEqual([]);
      const [failed, ...more] = await entries('exchange.pull');
      expect(more).toEqual([]);
      expect(failed).toMatchObject({ decision: 'deny', requester_organisation: 'jeugdzorg-cn' });
      expect(JSON.parse(failed?.reasons ?? '[]')).toEqual(['EXCHANGE_FAILED']);
    });

    /**
     * What the partners hold and the trail says agree: every recipient has its decision's
     * entry, a delivered message is in the recipient's inbox and has its delivery entry,
     * and a denied recipient got nothing.
     */
    async function expectEveryMessageWithItsEntry(answer: ApiResponse) {
      const inboxes: Record<string, RunningReferenceAdapter> = {
        sgb: school,
        'jeugdzorg-cn': youthCare,
      };
      if (answer.status === 400) {
        // Refused whole, before any recipient: nothing sent, nothing to record.
        expect(await entries('exchange.push')).toEqual([]);
        for (const adapter of Object.values(inboxes)) expect(await inbox(adapter)).toEqual([]);
        return;
      }
      expect(answer.status, answer.text.slice(0, 300)).toBe(200);
      const { messageId, results } = answer.body as {
        messageId: string;
        results: { recipient: string; status: string; exchangeId: string }[];
      };
      const decided = await entries('exchange.push');
      const delivered = await entries('exchange.push.delivered');
      for (const result of results) {
        const adapter = inboxes[result.recipient];
        const received = adapter === undefined ? [] : await inbox(adapter);
        expect(decided.filter((e) => e.exchange_id === result.exchangeId)).toHaveLength(1);
        if (result.status === 'delivered') {
          expect(received.map((m) => m.messageId)).toEqual([messageId]);
          expect(delivered.filter((e) => e.exchange_id === result.exchangeId)).toHaveLength(1);
        } else {
          expect(result.status).toBe('denied');
          expect(received).toEqual([]);
        }
      }
    }

    it('denies only the recipient whose permitted fields cannot be digested, records why, and delivers to the other', async () => {
      const { push, personId } = await setUp();
      const answer = await push(
        new JsonText(
          `{"purpose":"case_meeting","personId":"${personId}","recipients":["jeugdzorg-cn","sgb"],"categories":{"signal":{"signal_date":"2026-11-20","signal_type":"police_report"},"police_incidents":{"incident_date":"2026-11-19","incident_type":${UNDIGESTIBLE}}}}`,
        ),
      );
      expect(answer.status, answer.text).toBe(200);
      // Youth care may receive the police incidents, so its message holds the bad value; the
      // school may not, so its message does not.
      expect(answer.body.results).toEqual([
        {
          recipient: 'jeugdzorg-cn',
          status: 'denied',
          exchangeId: expect.any(String),
          reasons: ['EXCHANGE_FAILED'],
        },
        {
          recipient: 'sgb',
          status: 'delivered',
          exchangeId: expect.any(String),
          reasons: ['DOMAIN_NOT_PERMITTED', 'SPECIAL_CATEGORY_NO_BASIS'],
        },
      ]);
      await expectEveryMessageWithItsEntry(answer);
      const failed = (await entries('exchange.push')).find(
        (e) => e.recipient_organisation === 'jeugdzorg-cn',
      );
      expect(failed).toMatchObject({ decision: 'allow' });
      expect(JSON.parse(failed?.details ?? '{}')).toMatchObject({ error: 'TypeError' });
      expect(JSON.parse(failed?.reasons ?? '[]')).toEqual(['EXCHANGE_FAILED']);
      expect((await verifyAt(ctx.url, checkpointKey.key)).intact).toBe(true);
    });

    it('never leaves a recipient half done when a pushed field is 20,000 levels deep', async () => {
      const { push, personId } = await setUp();
      const answer = await push(
        new JsonText(
          `{"purpose":"case_meeting","personId":"${personId}","recipients":["jeugdzorg-cn","sgb"],"categories":{"signal":{"signal_date":"2026-11-20","signal_type":"police_report"},"police_incidents":{"incident_date":"2026-11-19","incident_type":${nested(20_000)}}}}`,
        ),
      );
      await expectEveryMessageWithItsEntry(answer);
      expect((await verifyAt(ctx.url, checkpointKey.key)).intact).toBe(true);
    });
  },
);
