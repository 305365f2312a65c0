import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { InboxMessage } from '../../../adapters/contract/wire-messages.ts';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { TrailVocabulary } from '../../../broker/audit/trail/trail-vocabulary.ts';
import { type PushDelivery, startPushDelivery } from '../../../broker/exchange/push-delivery.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { BrokerStore } from '../../../broker/store/broker-store.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { systemClock } from '../../../keys/clock.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import { useCheckpointKey, verifyAt, withDatabase } from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS, outsider } from '../../support/cast.ts';
import { COVENANT_VOCABULARY, describeOnEveryDatabase } from '../../support/databases.ts';
import type { FakeServer } from '../../support/fake-server.ts';
import { freePort } from '../../support/free-port.ts';
import { JsonText } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const NATIONAL_ID = DOMESTIC_VIOLENCE.father.nationalId;

/** Generous: a live adapter must answer within it even on a loaded machine. */
const TIMEOUT_MS = 5000;
/** Short waits between retries, so a recipient that comes back is served within the test. */
const BACKOFF = { initialMs: 20, maxMs: 100 };
/** Recognisable, so the tests can look for it where it must not be. */
const SIGNAL_TEXT = 'Buren melden geschreeuw in de nacht';

const signal = (n = 1) => ({
  signal: {
    signal_date: '2026-11-20',
    signal_type: 'police_report',
    description: `${SIGNAL_TEXT} (${n})`,
  },
});

const network = useTestNetwork({ partners: ORGANISATIONS });
const checkpointKey = useCheckpointKey();
let policy: PolicyEngine;
let youthCare: RunningReferenceAdapter;
let school: RunningReferenceAdapter;
let fakeYouthCare: FakeServer;
let adapterRuns = 0;

/** Each run with a state of its own, so its inbox holds only what reached it. */
function startYouthCare(port: number): Promise<RunningReferenceAdapter> {
  adapterRuns += 1;
  return network.startAdapter('jeugdzorg-cn', { port, stateDir: `jeugdzorg-cn-${adapterRuns}` });
}

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  youthCare = await startYouthCare(0);
  school = await network.startAdapter('sgb');
  fakeYouthCare = await network.fakeAdapter('jeugdzorg-cn');
});

async function inbox(adapter: RunningReferenceAdapter): Promise<InboxMessage[]> {
  const response = await fetch(`${adapter.localUrl}/v1/inbox`);
  const body = (await response.json()) as { messages: { message: InboxMessage }[] };
  return body.messages.map((stored) => stored.message);
}

/** The partner system takes everything, so the next test starts with an empty inbox. */
async function drain(adapter: RunningReferenceAdapter): Promise<void> {
  for (const message of await inbox(adapter)) {
    await fetch(`${adapter.localUrl}/v1/inbox/${message.messageId}/ack`, { method: 'POST' });
  }
}

describeOnEveryDatabase(
  'push over mutual TLS, policy-gated, queued and audited',
  (ctx, dialect) => {
    let broker: TestBroker | undefined;
    let delivery: PushDelivery | undefined;
    afterEach(async () => {
      await broker?.running.close();
      await delivery?.stop();
      broker = undefined;
      delivery = undefined;
      fakeYouthCare.behave(() => ({ status: 201, text: '{}' }));
      fakeYouthCare.received.length = 0;
      await Promise.all([drain(youthCare), drain(school)]);
    });

    function startDelivery(directory: ReadonlyMap<string, string>, store = ctx.store) {
      delivery = startPushDelivery({
        store,
        policy,
        clock: systemClock,
        logger: pino({ level: 'silent' }),
        adapters: directory,
        agents: network.agents,
        timeoutMs: TIMEOUT_MS,
        backoff: BACKOFF,
      });
      return delivery;
    }

    async function startBroker(adapters: Record<string, string>, store = ctx.store) {
      const started = startDelivery(new Map(Object.entries(adapters)), store);
      broker = await network.startBroker({
        store,
        policy,
        adapters: { urls: adapters, timeoutMs: TIMEOUT_MS },
        delivery: started,
      });
      return new ApiClient(broker.url);
    }

    async function setUp(adapters: Record<string, string>) {
      // The broker decides at the time its certificates and assertions live in: so does the store.
      ctx.clock.set(new Date().toISOString());
      const api = await startBroker(adapters);
      const people = cast(network.holders);
      const theCase = await monitoredCase(api, people, NATIONAL_ID);
      const { caseId, personId } = theCase;
      const consent = (recipient: string) => giveConsent(api, people, theCase, recipient);
      // The police registered the case, so they take part in it: they are the sender.
      const push = (
        body: object,
        headers: Record<string, string> = {},
        client: ApiClient = api,
      ): Promise<ApiResponse> =>
        client.call(people.registrant, 'POST', `/v1/cases/${caseId}/push`, body, headers);
      return { api, people, caseId, personId, consent, push };
    }

    const entries = (type?: string) =>
      withDatabase(ctx.url, (db) => {
        let query = db
          .selectFrom('audit_entries')
          .selectAll()
          .where('event_type', 'like', 'exchange.push%');
        if (type !== undefined) query = query.where('event_type', '=', type);
        return query.orderBy('seq').execute();
      });

    const outboxSize = () =>
      withDatabase(ctx.url, async (db) => {
        const rows = await db.selectFrom('push_outbox').select('message_id').execute();
        return rows.length;
      });

    const resultsOf = (response: ApiResponse) => {
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as {
        messageId: string;
        results: { recipient: string; status: string; exchangeId: string; reasons?: string[] }[];
      };
    };

    it('refuses a push with a value nested 20,000 deep before any recipient is decided', async () => {
      const { consent, push, personId } = await setUp({
        'jeugdzorg-cn': youthCare.url,
        sgb: school.url,
      });
      await consent('jeugdzorg-cn');
      await consent('sgb');
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const response = await push(
        new JsonText(
          `{"purpose":"case_meeting","personId":"${personId}",` +
            `"categories":{"signal":{"signal_date":"2026-11-19","description":${deep}}}}`,
        ),
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'REQUEST_INVALID' });
      expect(await inbox(youthCare)).toEqual([]);
      expect(await inbox(school)).toEqual([]);
      expect(await entries()).toEqual([]);
      expect(await outboxSize()).toBe(0);
    });

    it('delivers to a consenting recipient only the fields its decision permits, and the person', async () => {
      const { consent, push, caseId, personId } = await setUp({ 'jeugdzorg-cn': youthCare.url });
      await consent('jeugdzorg-cn');
      const answer = resultsOf(
        await push({
          purpose: 'case_meeting',
          personId,
          categories: {
            police_incidents: {
              incident_date: '2026-11-19',
              incident_type: 'domestic_violence',
              role_in_incident: 'suspect',
              summary: 'not for youth care',
              informant_name: 'not in the covenant',
            },
          },
        }),
      );
      expect(answer.results).toEqual([
        { recipient: 'jeugdzorg-cn', status: 'delivered', exchangeId: expect.any(String) },
      ]);
      const [message, ...more] = await inbox(youthCare);
      expect(more).toEqual([]);
      expect(message).toEqual({
        messageId: answer.messageId,
        exchangeId: answer.results[0]?.exchangeId,
        purpose: 'case_meeting',
        sender: 'politie-cn',
        caseId,
        person: { nationalId: NATIONAL_ID },
        categories: {
          police_incidents: {
            incident_date: '2026-11-19',
            incident_type: 'domestic_violence',
            role_in_incident: 'suspect',
          },
        },
      });

      const [decided, delivered, ...others] = await entries();
      expect(others).toEqual([]);
      expect(decided).toMatchObject({
        event_type: 'exchange.push',
        requester_organisation: 'politie-cn',
        provider_organisation: 'politie-cn',
        decision: 'allow',
        exchange_id: answer.results[0]?.exchangeId,
      });
      expect(JSON.parse(decided?.fields ?? '')).toEqual([
        'police_incidents.incident_date',
        'police_incidents.incident_type',
        'police_incidents.role_in_incident',
      ]);
      // informant_name is no word of the covenant: counted and digested, never written.
      expect(JSON.parse(decided?.dropped_fields ?? '')).toEqual(['police_incidents.summary']);
      expect(decided).toMatchObject({
        provider_organisation: 'politie-cn',
        recipient_organisation: 'jeugdzorg-cn',
        requester_role: 'case_participant',
      });
      expect(JSON.parse(decided?.details ?? '')).toEqual({
        message_id: answer.messageId,
        unknown_dropped_fields: 1,
        unknown_dropped_fields_digest: new TrailVocabulary(
          COVENANT_VOCABULARY,
          ctx.identifierSecret,
        ).digestOf(['police_incidents.informant_name']),
      });
      expect(JSON.stringify(await entries())).not.toContain('informant_name');
      expect(decided?.payload_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(decided?.person_pseudonym).not.toBeNull();
      expect(delivered).toMatchObject({
        event_type: 'exchange.push.delivered',
        exchange_id: decided?.exchange_id,
        payload_sha256: decided?.payload_sha256,
        fields: decided?.fields,
      });
      expect(JSON.stringify(await entries())).not.toContain(NATIONAL_ID);
      expect(await outboxSize()).toBe(0);
      expect((await verifyAt(ctx.url, checkpointKey.key)).intact).toBe(true);
    });

    it('denies a recipient without consent, one outside the case and one without the role, and sends them nothing', async () => {
      const { consent, push, personId } = await setUp({
        'jeugdzorg-cn': youthCare.url,
        sgb: school.url,
      });
      await consent('jeugdzorg-cn');
      const answer = resultsOf(
        await push({
          purpose: 'case_meeting',
          personId,
          categories: signal(),
          recipients: ['jeugdzorg-cn', 'sgb', 'krusada', 'mhc'],
        }),
      );
      expect(answer.results.map((r) => [r.recipient, r.status])).toEqual([
        ['jeugdzorg-cn', 'delivered'],
        ['sgb', 'denied'],
        ['krusada', 'denied'],
        ['mhc', 'denied'],
      ]);
      const reasons = Object.fromEntries(answer.results.map((r) => [r.recipient, r.reasons]));
      expect(reasons['jeugdzorg-cn']).toBeUndefined();
      expect(reasons.sgb).toEqual(['CONSENT_MISSING']);
      expect(reasons.krusada).toContain('NOT_CASE_PARTICIPANT');
      // mhc takes part through its privacy officer, a role that receives no case data.
      expect(reasons.mhc).toContain('ROLE_NOT_PERMITTED');
      expect(await inbox(school)).toEqual([]);
      expect((await inbox(youthCare)).map((m) => m.messageId)).toEqual([answer.messageId]);
      const decisions = await entries('exchange.push');
      expect(decisions.map((e) => [e.recipient_organisation, e.decision])).toEqual(
        expect.arrayContaining([
          ['jeugdzorg-cn', 'allow'],
          ['sgb', 'deny'],
          ['krusada', 'deny'],
          ['mhc', 'deny'],
        ]),
      );
      const schoolEntry = decisions.find((e) => e.recipient_organisation === 'sgb');
      expect(JSON.parse(schoolEntry?.reasons ?? '')).toEqual(['CONSENT_MISSING']);
      expect(JSON.parse(schoolEntry?.fields ?? '')).toEqual([]);
    });

    it('delivers an update about the case as a whole without consent, with only what describes the case process', async () => {
      const { push, caseId } = await setUp({ 'jeugdzorg-cn': youthCare.url, sgb: school.url });
      const answer = resultsOf(
        await push({
          purpose: 'case_meeting',
          categories: {
            meeting_outcome: {
              meeting_date: '2026-11-19',
              decisions: 'not without a person: it may name one',
              next_meeting: '2026-12-03',
            },
            identification: { family_name: 'not about the case: about a person' },
          },
          recipients: ['jeugdzorg-cn', 'sgb'],
        }),
      );
      expect(answer.results.map((r) => [r.recipient, r.status, r.reasons])).toEqual([
        ['jeugdzorg-cn', 'delivered', ['PERSONAL_DATA_WITHOUT_PERSON']],
        ['sgb', 'delivered', ['PERSONAL_DATA_WITHOUT_PERSON']],
      ]);
      for (const adapter of [youthCare, school]) {
        const [message, ...more] = await inbox(adapter);
        expect(more).toEqual([]);
        expect(message?.person).toBeUndefined();
        expect(message).toMatchObject({
          caseId,
          categories: {
            meeting_outcome: { meeting_date: '2026-11-19', next_meeting: '2026-12-03' },
          },
        });
        expect(Object.keys(message?.categories ?? {})).toEqual(['meeting_outcome']);
        expect(Object.keys(message?.categories.meeting_outcome ?? {}).sort()).toEqual([
          'meeting_date',
          'next_meeting',
        ]);
      }
      const decisions = await entries('exchange.push');
      expect(decisions.map((e) => [e.decision, e.person_pseudonym, JSON.parse(e.grounds)])).toEqual(
        [0, 1].map(() => [
          'allow',
          null,
          { meeting_outcome: { type: 'case_process', id: caseId } },
        ]),
      );
    });

    it('denies police incidents to a school, whose domain may not receive them, with consent or not', async () => {
      const { consent, push, personId } = await setUp({ sgb: school.url });
      await consent('sgb');
      const answer = resultsOf(
        await push({
          purpose: 'case_meeting',
          personId,
          categories: { police_incidents: { incident_date: '2026-11-19' } },
        }),
      );
      expect(answer.results).toEqual([
        {
          recipient: 'sgb',
          status: 'denied',
          exchangeId: expect.any(String),
          // Education has neither the domain nor a basis for criminal data.
          reasons: ['DOMAIN_NOT_PERMITTED', 'SPECIAL_CATEGORY_NO_BASIS'],
        },
      ]);
      expect(await inbox(school)).toEqual([]);
      expect(await outboxSize()).toBe(0);
      const [entry] = await entries();
      expect(JSON.parse(entry?.dropped_fields ?? '')).toEqual(['police_incidents.incident_date']);
    });

    it('sends only the allowed categories when some are denied, and says which were left out', async () => {
      const { consent, push, personId } = await setUp({ sgb: school.url });
      await consent('sgb');
      const answer = resultsOf(
        await push({
          purpose: 'case_meeting',
          personId,
          categories: { ...signal(), police_incidents: { incident_date: '2026-11-19' } },
        }),
      );
      expect(answer.results).toEqual([
        {
          recipient: 'sgb',
          status: 'delivered',
          exchangeId: expect.any(String),
          // Education has neither the domain nor a basis for criminal data.
          reasons: ['DOMAIN_NOT_PERMITTED', 'SPECIAL_CATEGORY_NO_BASIS'],
        },
      ]);
      const [message] = await inbox(school);
      expect(Object.keys(message?.categories ?? {})).toEqual(['signal']);
    });

    it('queues while the recipient is down and delivers every message in order once it is up', async () => {
      const port = await freePort();
      const { consent, push, personId } = await setUp({
        'jeugdzorg-cn': `https://127.0.0.1:${port}`,
      });
      await consent('jeugdzorg-cn');
      const sent: string[] = [];
      for (const n of [1, 2, 3]) {
        const answer = resultsOf(
          await push({ purpose: 'case_meeting', personId, categories: signal(n) }),
        );
        expect(answer.results.map((r) => r.status)).toEqual(['queued']);
        sent.push(answer.messageId);
      }
      expect(await outboxSize()).toBe(3);
      if (ctx.sqliteFile !== undefined) {
        // Queued case data and the person are not readable from the database files.
        for (const file of [ctx.sqliteFile, `${ctx.sqliteFile}-wal`]) {
          const bytes = readFileSync(file).toString('latin1');
          expect(bytes).not.toContain(NATIONAL_ID);
          expect(bytes).not.toContain(SIGNAL_TEXT);
        }
      }
      const late = await startYouthCare(port);
      try {
        await vi.waitFor(async () => expect(await outboxSize()).toBe(0), { timeout: 10_000 });
        const received = await inbox(late);
        expect(received.map((m) => m.messageId)).toEqual(sent);
        expect(received.map((m) => m.categories.signal?.description)).toEqual([
          `${SIGNAL_TEXT} (1)`,
          `${SIGNAL_TEXT} (2)`,
          `${SIGNAL_TEXT} (3)`,
        ]);
        expect(received.every((m) => m.person?.nationalId === NATIONAL_ID)).toBe(true);
        expect((await entries('exchange.push.delivered')).length).toBe(3);
      } finally {
        await late.close();
      }
    });

    it('delivers what was queued before a broker restart after it', async () => {
      const port = await freePort();
      const recipient = { 'jeugdzorg-cn': `https://127.0.0.1:${port}` };
      const { consent, push, personId } = await setUp(recipient);
      await consent('jeugdzorg-cn');
      const sent: string[] = [];
      for (const n of [1, 2]) {
        const answer = resultsOf(
          await push({ purpose: 'case_meeting', personId, categories: signal(n) }),
        );
        expect(answer.results.map((r) => r.status)).toEqual(['queued']);
        sent.push(answer.messageId);
      }
      await broker?.running.close();
      await delivery?.stop();
      await ctx.store.close();

      const late = await startYouthCare(port);
      try {
        ctx.store = await BrokerStore.open({
          databaseUrl: ctx.url,
          identifierSecret: ctx.identifierSecret,
          vocabulary: COVENANT_VOCABULARY,
          activeCovenant: (network) => ctx.activeCovenants.get(network) ?? null,
          clock: ctx.clock,
        });
        await startBroker(recipient);
        await vi.waitFor(async () => expect(await outboxSize()).toBe(0), { timeout: 10_000 });
        expect((await inbox(late)).map((m) => m.messageId)).toEqual(sent);
      } finally {
        await late.close();
      }
    });

    it('drops a waiting message whose consent is withdrawn before the recipient is back', async () => {
      const port = await freePort();
      const directory = { 'jeugdzorg-cn': `https://127.0.0.1:${port}` };
      const { api, people, caseId, consent, push, personId } = await setUp(directory);
      const consentId = await consent('jeugdzorg-cn');
      const answer = resultsOf(
        await push({ purpose: 'case_meeting', personId, categories: signal() }),
      );
      expect(answer.results.map((r) => r.status)).toEqual(['queued']);
      ctx.clock.set(new Date().toISOString());
      const withdrawn = await api.call(
        people.processDirector,
        'POST',
        `/v1/cases/${caseId}/consents/${consentId}/withdrawal`,
      );
      expect(withdrawn.status).toBe(204);
      // A restart of the worker: no attempt decided before the withdrawal is still under way.
      await delivery?.stop();
      const late = await startYouthCare(port);
      try {
        startDelivery(new Map(Object.entries(directory)));
        await vi.waitFor(async () => expect(await outboxSize()).toBe(0), { timeout: 10_000 });
        expect(await inbox(late)).toEqual([]);
      } finally {
        await late.close();
      }
      const [dropped] = await entries('exchange.push.rejected');
      expect(dropped).toMatchObject({
        decision: 'deny',
        exchange_id: answer.results[0]?.exchangeId,
      });
      expect(JSON.parse(dropped?.reasons ?? '')).toEqual(['CONSENT_WITHDRAWN']);
      expect(JSON.parse(dropped?.fields ?? '')).toEqual([]);
      expect(JSON.parse(dropped?.details ?? '')).toMatchObject({ rejected_by: 'policy' });
      expect(await entries('exchange.push.delivered')).toEqual([]);
    });

    it('drops a message the adapter rejects for good, records it, and delivers the next', async () => {
      fakeYouthCare.behave(({ body }) =>
        JSON.stringify(body).includes('(1)')
          ? { status: 400, text: '{"code":"REQUEST_INVALID"}' }
          : { status: 201, text: '{}' },
      );
      const { consent, push, personId } = await setUp({ 'jeugdzorg-cn': fakeYouthCare.url });
      await consent('jeugdzorg-cn');
      const first = resultsOf(
        await push({ purpose: 'case_meeting', personId, categories: signal(1) }),
      );
      const second = resultsOf(
        await push({ purpose: 'case_meeting', personId, categories: signal(2) }),
      );
      expect(first.results.map((r) => [r.status, r.reasons])).toEqual([
        ['denied', ['ADAPTER_REJECTED']],
      ]);
      expect(second.results.map((r) => r.status)).toEqual(['delivered']);
      expect(await outboxSize()).toBe(0);
      const [rejected] = await entries('exchange.push.rejected');
      expect(rejected?.exchange_id).toBe(first.results[0]?.exchangeId);
      expect(JSON.parse(rejected?.reasons ?? '')).toEqual(['ADAPTER_REJECTED']);
      expect(JSON.parse(rejected?.details ?? '')).toMatchObject({ adapter_status: 400 });
      expect((await verifyAt(ctx.url, checkpointKey.key)).intact).toBe(true);
    });

    it('records a delivery once when the adapter acknowledges it twice, its entry and its removal from the outbox being one commit', async () => {
      const { consent, push, personId } = await setUp({ 'jeugdzorg-cn': fakeYouthCare.url });
      await consent('jeugdzorg-cn');
      const seen = new Set<string>();
      fakeYouthCare.behave(({ body }) => {
        const repeat = seen.has(String(body.messageId));
        seen.add(String(body.messageId));
        return { status: repeat ? 200 : 201, text: '{}' };
      });
      // As a crash right after the delivery's entry would: the message stays in the outbox.
      await ctx.execute(
        dialect === 'postgres'
          ? `CREATE FUNCTION outbox_stuck() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the outbox row stays'; END $$;
           CREATE TRIGGER outbox_stuck BEFORE DELETE ON push_outbox FOR EACH ROW EXECUTE FUNCTION outbox_stuck();`
          : `CREATE TRIGGER outbox_stuck BEFORE DELETE ON push_outbox BEGIN SELECT RAISE(ABORT, 'the outbox row stays'); END;`,
      );
      const answer = resultsOf(
        await push({ purpose: 'case_meeting', personId, categories: signal() }),
      );
      expect(answer.results.map((r) => r.status)).toEqual(['queued']);
      await vi.waitFor(() => expect(fakeYouthCare.received.length).toBeGreaterThanOrEqual(2), {
        timeout: 10_000,
      });
      expect(await entries('exchange.push.delivered')).toEqual([]);
      await ctx.execute(
        dialect === 'postgres'
          ? 'DROP TRIGGER outbox_stuck ON push_outbox; DROP FUNCTION outbox_stuck();'
          : 'DROP TRIGGER outbox_stuck;',
      );
      await vi.waitFor(async () => expect(await outboxSize()).toBe(0), { timeout: 10_000 });
      const delivered = await entries('exchange.push.delivered');
      expect(delivered.map((e) => JSON.parse(e.details).message_id)).toEqual([answer.messageId]);
      expect((await verifyAt(ctx.url, checkpointKey.key)).intact).toBe(true);
    });

    it('retries a 503 and a 429 until the adapter takes the message', async () => {
      let calls = 0;
      fakeYouthCare.behave(() => {
        calls += 1;
        if (calls === 1) return { status: 503, text: '{}' };
        if (calls === 2) return { status: 429, text: '{}' };
        return { status: 201, text: '{}' };
      });
      const { consent, push, personId } = await setUp({ 'jeugdzorg-cn': fakeYouthCare.url });
      await consent('jeugdzorg-cn');
      const answer = resultsOf(
        await push({ purpose: 'case_meeting', personId, categories: signal() }),
      );
      expect(answer.results.map((r) => r.status)).toEqual(['queued']);
      await vi.waitFor(async () => expect(await outboxSize()).toBe(0), { timeout: 10_000 });
      expect(fakeYouthCare.received.map((r) => r.body.messageId)).toEqual([
        answer.messageId,
        answer.messageId,
        answer.messageId,
      ]);
    });

    it('never offers a message before the one queued ahead of it has been taken', async () => {
      let firstRefusals = 2;
      fakeYouthCare.behave(({ body }) => {
        if (JSON.stringify(body).includes('(1)') && firstRefusals > 0) {
          firstRefusals -= 1;
          return { status: 503, text: '{}' };
        }
        return { status: 201, text: '{}' };
      });
      const { consent, push, personId } = await setUp({ 'jeugdzorg-cn': fakeYouthCare.url });
      await consent('jeugdzorg-cn');
      const first = resultsOf(
        await push({ purpose: 'case_meeting', personId, categories: signal(1) }),
      );
      expect(first.results.map((r) => r.status)).toEqual(['queued']);
      const second = resultsOf(
        await push({ purpose: 'case_meeting', personId, categories: signal(2) }),
      );
      await vi.waitFor(async () => expect(await outboxSize()).toBe(0), { timeout: 10_000 });
      expect(fakeYouthCare.received.map((r) => r.body.messageId)).toEqual([
        first.messageId,
        first.messageId,
        first.messageId,
        second.messageId,
      ]);
      const delivered = await entries('exchange.push.delivered');
      expect(delivered.map((e) => JSON.parse(e.details).message_id)).toEqual([
        first.messageId,
        second.messageId,
      ]);
    });

    it('continues the caller trace to the adapter on push and on pull, and records it', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const incoming = { traceparent: `00-${traceId}-00f067aa0ba902b7-01` };
      fakeYouthCare.behave(({ path, body }) =>
        path === '/v1/pull'
          ? { status: 200, text: JSON.stringify({ exchangeId: body.exchangeId, categories: {} }) }
          : { status: 201, text: '{}' },
      );
      const { consent, push, personId, api, people, caseId } = await setUp({
        'jeugdzorg-cn': fakeYouthCare.url,
      });
      await consent('jeugdzorg-cn');
      const pushed = await push(
        { purpose: 'case_meeting', personId, categories: signal() },
        incoming,
      );
      expect(resultsOf(pushed).results.map((r) => r.status)).toEqual(['delivered']);
      expect(pushed.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      await consent('politie-cn');
      await api.call(
        people.registrant,
        'POST',
        `/v1/cases/${caseId}/persons/${personId}/pull`,
        { purpose: 'case_meeting', categories: ['youth_care_involvement'] },
        incoming,
      );
      expect(fakeYouthCare.received.map((r) => r.path)).toEqual(['/v1/inbox', '/v1/pull']);
      for (const received of fakeYouthCare.received) {
        expect(received.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
        expect(received.headers.traceparent).not.toBe(incoming.traceparent);
      }
      const recorded = await withDatabase(ctx.url, (db) =>
        db
          .selectFrom('audit_entries')
          .select(['event_type', 'traceparent'])
          .where('event_type', 'like', 'exchange.%')
          .orderBy('seq')
          .execute(),
      );
      expect(recorded.map((e) => e.event_type)).toEqual([
        'exchange.push',
        'exchange.push.delivered',
        'exchange.pull',
      ]);
      for (const entry of recorded) expect(entry.traceparent).toContain(traceId);
    });

    it('denies and queues nothing when the audit entry cannot be written', async () => {
      const { consent, push, personId } = await setUp({ 'jeugdzorg-cn': youthCare.url });
      await consent('jeugdzorg-cn');
      await ctx.store.audit.close();
      const answer = resultsOf(
        await push({ purpose: 'case_meeting', personId, categories: signal() }),
      );
      expect(answer.results.map((r) => [r.status, r.reasons])).toEqual([
        ['denied', ['AUDIT_WRITE_FAILED']],
      ]);
      expect(await outboxSize()).toBe(0);
      expect(await inbox(youthCare)).toEqual([]);
    });

    it('refuses a malformed body with problem+json, and a non-participant like a missing case', async () => {
      const { push, api, caseId } = await setUp({ 'jeugdzorg-cn': youthCare.url });
      for (const body of [
        { categories: signal() },
        { purpose: 'case_meeting', categories: {} },
        { purpose: 'case_meeting', categories: { signal: {} } },
        { purpose: 'case_meeting', categories: signal(), recipients: ['sgb', 'sgb'] },
        { purpose: 'case_meeting', categories: signal(), extra: true },
      ]) {
        const response = await push(body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.contentType).toContain('application/problem+json');
        expect(response.body).toMatchObject({ code: 'REQUEST_INVALID' });
      }
      const response = await api.call(
        outsider(network.holders),
        'POST',
        `/v1/cases/${caseId}/push`,
        {
          purpose: 'case_meeting',
          categories: signal(),
        },
      );
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
      expect(await entries()).toEqual([]);
    });
  },
);
