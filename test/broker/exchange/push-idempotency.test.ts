import { afterEach, beforeAll, expect, it } from 'vitest';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import type { PushDelivery } from '../../../broker/exchange/push-delivery.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient } from '../../support/api-client.ts';
import { withDatabase } from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { useTestNetwork } from '../../support/network.ts';
import { drain, inbox } from '../../support/partner-side.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const TIMEOUT_MS = 5000;
const KEY = '"8e03978e-40d5-43e8-bc93-6894a57f9324"';

const network = useTestNetwork({ partners: ORGANISATIONS });
let policy: PolicyEngine;
let youthCare: RunningReferenceAdapter;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  youthCare = await network.startAdapter('jeugdzorg-cn');
});

describeOnEveryDatabase('a retried push with its Idempotency-Key', (ctx) => {
  let broker: TestBroker | undefined;
  let delivery: PushDelivery | undefined;
  afterEach(async () => {
    await broker?.running.close();
    await delivery?.stop();
    await drain(youthCare);
  });

  async function setUp() {
    ctx.clock.set(new Date().toISOString());
    const directory = { 'jeugdzorg-cn': youthCare.url };
    ({ broker, delivery } = await network.startExchangingBroker({
      store: ctx.store,
      policy,
      urls: directory,
      timeoutMs: TIMEOUT_MS,
    }));
    const api = new ApiClient(broker.url);
    const people = cast(network.holders);
    const theCase = await monitoredCase(api, people, DOMESTIC_VIOLENCE.father.nationalId);
    await giveConsent(api, people, theCase, 'jeugdzorg-cn');
    const { caseId, personId } = theCase;
    const body = (description: string) => ({
      purpose: 'case_meeting',
      personId,
      categories: {
        signal: { signal_date: '2026-11-20', signal_type: 'police_report', description },
      },
    });
    const push = (sent: object, key?: string, who = people.registrant) =>
      api.call(
        who,
        'POST',
        `/v1/cases/${caseId}/push`,
        sent,
        key === undefined ? {} : { 'Idempotency-Key': key },
      );
    return { push, body };
  }

  const entries = (type: string) =>
    withDatabase(ctx.url, (db) =>
      db.selectFrom('audit_entries').select('exchange_id').where('event_type', '=', type).execute(),
    );

  it('answers a retry with the first answer and delivers the message once', async () => {
    const { push, body } = await setUp();
    const first = await push(body('first'), KEY);
    expect(first.status, first.text).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['delivered']);
    for (const key of [KEY, KEY.slice(1, -1)]) {
      const retry = await push(body('first'), key);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
    }
    expect((await inbox(youthCare)).map((m) => m.messageId)).toEqual([first.body.messageId]);
    expect(await entries('exchange.push')).toHaveLength(1);
    expect(await entries('exchange.push.delivered')).toHaveLength(1);
  });

  it('refuses the key with another body, and a malformed key, with problem+json', async () => {
    const { push, body } = await setUp();
    expect((await push(body('first'), KEY)).status).toBe(200);
    const reused = await push(body('something else'), KEY);
    expect(reused.status).toBe(422);
    expect(reused.contentType).toContain('application/problem+json');
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    for (const key of ['"with "quote""', 'x'.repeat(256), '""']) {
      const malformed = await push(body('first'), key);
      expect(malformed.status, key).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'REQUEST_INVALID' });
    }
    expect(await inbox(youthCare)).toHaveLength(1);
    expect(await entries('exchange.push')).toHaveLength(1);
  });

  it('sends a push without a key every time it is sent', async () => {
    const { push, body } = await setUp();
    expect((await push(body('no key'))).status).toBe(200);
    expect((await push(body('no key'))).status).toBe(200);
    expect(await inbox(youthCare)).toHaveLength(2);
    expect(await entries('exchange.push.delivered')).toHaveLength(2);
  });
});
