import { afterEach, beforeAll, expect, it } from 'vitest';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import { monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import type { FakeServer } from '../../support/fake-server.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const daughter = DOMESTIC_VIOLENCE.daughter;
const DAY_MS = 86_400_000;

const network = useTestNetwork({ partners: ORGANISATIONS });
let policy: PolicyEngine;
/** Youth care's adapter: records every request that reaches it. */
let youthCare: FakeServer;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
  youthCare = await network.fakeAdapter('jeugdzorg-cn');
  youthCare.behave(({ body }) => ({
    status: 200,
    text: JSON.stringify({
      exchangeId: body.exchangeId,
      categories: {
        youth_care_involvement: [
          { involved_since: '2025-09-01', care_type: 'ambulant', contact_person: 'J. Werker' },
        ],
      },
    }),
  }));
});

describeOnEveryDatabase(
  'reuse for the own file asks the person too (issue 14, finding 2)',
  (ctx) => {
    let broker: TestBroker | undefined;
    afterEach(async () => {
      await broker?.running.close();
      broker = undefined;
      youthCare.received.length = 0;
    });

    it('allows an approved own_file reuse with consent, and refuses it once the person objects', async () => {
      ctx.clock.set(new Date().toISOString());
      broker = await network.startBroker({
        store: ctx.store,
        policy,
        adapters: { urls: { 'jeugdzorg-cn': youthCare.url }, timeoutMs: 2000 },
      });
      const api = new ApiClient(broker.url);
      const { registrant: police, processDirector, caseDirector } = cast(network.holders);
      const ok = async (response: Promise<ApiResponse>) => {
        const answer = await response;
        expect(answer.status, answer.text).toBeLessThan(300);
        return answer.body;
      };
      const { caseId, personId } = await monitoredCase(
        api,
        cast(network.holders),
        daughter.nationalId,
      );
      const personPath = `/v1/cases/${caseId}/persons/${personId}`;
      // A child's statements, given by her legal representative a day before.
      const statement = (kind: 'consents' | 'objections') =>
        ok(
          api.call(processDirector, 'POST', `${personPath}/${kind}`, {
            recipient: 'politie-cn',
            categories: null,
            givenBy: 'legal_representative',
            obtainedHow: 'in_person',
            at: new Date(Date.now() - DAY_MS).toISOString(),
          }),
        );
      const pull = (purpose: string) =>
        ok(
          api.call(police, 'POST', `${personPath}/pull`, {
            purpose,
            categories: ['youth_care_involvement'],
            providers: ['jeugdzorg-cn'],
          }),
        );

      await statement('consents');
      const [shared] = await pull('case_meeting');
      expect(shared).toMatchObject({ provider: 'jeugdzorg-cn', status: 'data' });
      const request = await ok(
        api.call(police, 'POST', `${personPath}/formal-requests`, {
          provider: 'jeugdzorg-cn',
          purpose: 'own_file',
          categories: ['youth_care_involvement'],
          exchangeIds: [shared.exchangeId],
          justification: 'The involvement of youth care belongs in the police file of the case.',
        }),
      );
      await ok(
        api.call(
          caseDirector,
          'POST',
          `/v1/cases/${caseId}/formal-requests/${request.id}/decision`,
          {
            status: 'approved',
            reason: 'Proportionate.',
            expiresAt: new Date(Date.now() + 30 * DAY_MS),
          },
        ),
      );

      const [withConsent] = await pull('own_file');
      expect(withConsent).toMatchObject({
        provider: 'jeugdzorg-cn',
        status: 'data',
        purpose: 'own_file',
        // The care type is health content the police hold no basis for (finding 3): left out.
        data: {
          youth_care_involvement: [{ involved_since: '2025-09-01', contact_person: 'J. Werker' }],
        },
        withheld: {},
      });
      expect(youthCare.received).toHaveLength(2);

      // The formal request still stands; the objection beats the consent, and nothing is asked.
      await statement('objections');
      const [objected] = await pull('own_file');
      expect(objected).toEqual({
        provider: 'jeugdzorg-cn',
        status: 'denied',
        reasons: ['CONSENT_OBJECTED'],
        withheld: { youth_care_involvement: ['CONSENT_OBJECTED'] },
      });
      expect(youthCare.received).toHaveLength(2);
      expect(youthCare.received.map((r) => r.body.purpose)).toEqual(['case_meeting', 'own_file']);
    });
  },
);
