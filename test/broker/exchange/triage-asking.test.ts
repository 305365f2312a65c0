import { afterEach, beforeAll, expect, it } from 'vitest';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import { withDatabase } from '../../support/audit.ts';
import { REGISTRATION } from '../../support/case-fixtures.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import type { FakeServer } from '../../support/fake-server.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const mother = DOMESTIC_VIOLENCE.mother;

const network = useTestNetwork({ partners: ORGANISATIONS });
let policy: PolicyEngine;
/** Stand-ins for three partners' adapters, outside the case in triage: each records what reached it. */
let youthCare: FakeServer;
let school: FakeServer;
let mentalHealth: FakeServer;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  youthCare = await network.fakeAdapter('jeugdzorg-cn');
  school = await network.fakeAdapter('sgb');
  mentalHealth = await network.fakeAdapter('mhc');
});

/** A partner's adapter that knows the person: one involvement record. */
function knowsThePerson(adapter: FakeServer): void {
  adapter.behave(({ body }) => ({
    status: 200,
    text: JSON.stringify({
      exchangeId: body.exchangeId,
      categories: {
        case_involvement: [
          {
            involved: true,
            involved_since: '2025-09-01',
            contact_person: 'M. Mentor',
            contact_phone: '+599 700 0000',
          },
        ],
      },
    }),
  }));
}

describeOnEveryDatabase(
  'triage asks only the partners the person lets it ask (issue 14, finding 4)',
  (ctx) => {
    let broker: TestBroker | undefined;
    afterEach(async () => {
      await broker?.running.close();
      broker = undefined;
      for (const adapter of [youthCare, school, mentalHealth]) adapter.received.length = 0;
    });

    it('does not ask the partner the person objected to, nor one without a ground: neither adapter receives the identifier', async () => {
      ctx.clock.set(new Date().toISOString());
      broker = await network.startBroker({
        store: ctx.store,
        policy,
        adapters: {
          urls: { 'jeugdzorg-cn': youthCare.url, sgb: school.url, mhc: mentalHealth.url },
          timeoutMs: 2000,
        },
      });
      for (const adapter of [youthCare, school, mentalHealth]) knowsThePerson(adapter);
      const api = new ApiClient(broker.url);
      const { registrant, processDirector } = cast(network.holders);
      const ok = async (response: Promise<ApiResponse>) => {
        const answer = await response;
        expect(answer.status, answer.text).toBeLessThan(300);
        return answer.body;
      };
      const registered = await ok(api.call(registrant, 'POST', '/v1/cases', REGISTRATION));
      const caseId: string = registered.id;
      await ok(
        api.call(processDirector, 'POST', `/v1/cases/${caseId}/transitions`, {
          action: 'start_triage',
        }),
      );
      const person = await ok(
        api.call(registrant, 'POST', `/v1/cases/${caseId}/persons`, {
          nationalId: mother.nationalId,
          ageBand: mother.ageBand,
          gender: mother.gender,
        }),
      );
      const personPath = `/v1/cases/${caseId}/persons/${person.id}`;
      const statement = (kind: 'consents' | 'objections', recipient: string) =>
        ok(
          api.call(processDirector, 'POST', `${personPath}/${kind}`, {
            recipient,
            categories: null,
            givenBy: 'person',
            obtainedHow: 'in_person',
            at: new Date(Date.now() - 86_400_000).toISOString(),
          }),
        );
      // The registrant asked the mother: share with the process director and the school, and
      // not with youth care, which she does not trust; mental health care was not discussed.
      await statement('consents', 'zvh-bonaire');
      await statement('consents', 'sgb');
      await statement('consents', 'jeugdzorg-cn');
      await statement('objections', 'jeugdzorg-cn');

      const response = await ok(
        api.call(processDirector, 'POST', `${personPath}/pull`, {
          purpose: 'triage',
          categories: ['case_involvement'],
          providers: ['jeugdzorg-cn', 'sgb', 'mhc'],
        }),
      );

      expect(response).toEqual([
        { provider: 'jeugdzorg-cn', status: 'denied', reasons: ['ASKING_OBJECTED'], withheld: {} },
        {
          provider: 'sgb',
          status: 'data',
          exchangeId: expect.any(String),
          purpose: 'triage',
          data: { case_involvement: [expect.objectContaining({ involved: true })] },
          withheld: {},
        },
        { provider: 'mhc', status: 'denied', reasons: ['ASKING_GROUND_MISSING'], withheld: {} },
      ]);
      // Only the school's adapter was asked, and only it learnt who the person is.
      expect(youthCare.received).toEqual([]);
      expect(mentalHealth.received).toEqual([]);
      expect(school.received).toHaveLength(1);
      expect(school.received[0]?.body).toMatchObject({
        purpose: 'triage',
        person: { nationalId: mother.nationalId },
        categories: ['case_involvement'],
      });
      const entries = await withDatabase(ctx.url, (db) =>
        db
          .selectFrom('audit_entries')
          .select(['provider_organisation', 'decision', 'reasons'])
          .where('event_type', '=', 'exchange.pull')
          .orderBy('provider_organisation')
          .execute(),
      );
      expect(
        entries.map((e) => [e.provider_organisation, e.decision, JSON.parse(e.reasons)]),
      ).toEqual([
        ['jeugdzorg-cn', 'deny', ['ASKING_OBJECTED']],
        ['mhc', 'deny', ['ASKING_GROUND_MISSING']],
        ['sgb', 'allow', []],
      ]);
    });
  },
);
