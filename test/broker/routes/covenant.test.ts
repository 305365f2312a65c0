import { X509Certificate } from 'node:crypto';
import { expect, it } from 'vitest';
import type { CovenantDecision } from '../../../adapters/contract/covenant-decision.ts';
import { signCovenantDecision } from '../../../adapters/partner-client/covenant-decision-signer.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import type { ApiResponse, Caller } from '../../support/api-client.ts';
import { useApi } from '../../support/api-fixture.ts';
import { withDatabase } from '../../support/audit.ts';
import { REGISTRATION } from '../../support/case-fixtures.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, outsider } from '../../support/cast.ts';
import { BUNDLE_COVENANT, bundleCovenant } from '../../support/covenant.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { httpsRequest } from '../../support/https-request.ts';

const BONAIRE_2020 = BUNDLE_COVENANT('bonaire') ?? '';

describeOnEveryDatabase(
  'the covenant decides who is a party, from the moment it changes',
  (ctx) => {
    const api = useApi(ctx, { policy: () => openPolicyEngine('policies/bundle') });

    async function decide(
      who: Caller,
      version: string,
      decision: CovenantDecision,
      statement: { readonly network?: string; readonly signedAt?: Date } = {},
    ): Promise<ApiResponse> {
      const jws = await signCovenantDecision(
        { certificatePem: who.holder.cert, privateKeyPem: who.holder.key },
        { network: statement.network ?? 'bonaire', version, decision, ...statement },
      );
      return api.api.call(who, 'POST', `/v1/covenant/versions/${version}/decisions`, { jws });
    }

    const register = (who: Caller) => api.api.call(who, 'POST', '/v1/cases', REGISTRATION);

    async function decidedEntries() {
      return withDatabase(ctx.url, async (db) => {
        const rows = await db
          .selectFrom('audit_entries')
          .select(['event_type', 'requester_organisation', 'details'])
          .where('event_type', '=', 'domain.covenant.decided')
          .orderBy('seq')
          .execute();
        return rows.map((row) => ({ by: row.requester_organisation, ...JSON.parse(row.details) }));
      });
    }

    it('refuses a partner that revoked its acceptance everywhere at once, and takes it back when it accepts again', async () => {
      const people = cast(api.holders);
      const { registrant, caseDirector } = people;
      // The store records at the time the broker decides at: consent given a day ago counts.
      ctx.clock.set(new Date().toISOString());
      const theCase = await monitoredCase(api.api, people);
      await giveConsent(api.api, people, theCase, caseDirector.organisation);

      const revoked = await decide(registrant, BONAIRE_2020, 'revoke');
      expect(revoked.status, revoked.text).toBe(201);
      expect(revoked.body).toMatchObject({ organisation: 'politie-cn', decision: 'revoke' });

      const registration = await register(registrant);
      expect(registration.status).toBe(403);
      expect(registration.body).toMatchObject({ code: 'PARTNER_NOT_SIGNATORY' });
      for (const path of [
        `/v1/cases/${theCase.caseId}`,
        `/v1/cases/${theCase.caseId}/persons`,
        '/v1/cases',
      ]) {
        const read = await api.api.call(registrant, 'GET', path);
        expect([path, read.status, read.body?.code]).toEqual([path, 403, 'PARTNER_NOT_SIGNATORY']);
      }
      const pull = `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`;
      const ownPull = await api.api.call(registrant, 'POST', pull, {
        purpose: 'case_meeting',
        categories: ['case_involvement'],
      });
      expect([ownPull.status, ownPull.body?.code]).toEqual([403, 'PARTNER_NOT_SIGNATORY']);
      // As a provider the police are out of every exchange too: the policy says why.
      const fromPolice = await api.api.call(caseDirector, 'POST', pull, {
        purpose: 'case_meeting',
        categories: ['police_incidents'],
        providers: ['politie-cn'],
      });
      expect(fromPolice.status, fromPolice.text).toBe(200);
      expect(fromPolice.body).toEqual([
        expect.objectContaining({
          provider: 'politie-cn',
          status: 'denied',
          reasons: ['PARTNER_NOT_SIGNATORY'],
        }),
      ]);
      const decisions = await withDatabase(ctx.url, (db) =>
        db
          .selectFrom('audit_entries')
          .select(['event_type', 'decision', 'reasons', 'details'])
          .where('event_type', 'in', ['exchange.pull', 'access.refused'])
          .orderBy('seq')
          .execute(),
      );
      expect(decisions.map((d) => [d.event_type, d.decision])).toEqual([
        ...Array(5).fill(['access.refused', 'deny']),
        ['exchange.pull', 'deny'],
      ]);
      expect(decisions.at(-1)?.reasons).toContain('PARTNER_NOT_SIGNATORY');
      expect(JSON.parse(decisions[0]?.details ?? '{}')).toMatchObject({
        code: 'PARTNER_NOT_SIGNATORY',
      });

      const again = await decide(registrant, BONAIRE_2020, 'accept');
      expect(again.status, again.text).toBe(201);
      expect((await register(registrant)).status).toBe(201);
      expect(await decidedEntries()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            by: 'politie-cn',
            organisation: 'politie-cn',
            decision: 'revoke',
            version_id: BONAIRE_2020,
          }),
          expect.objectContaining({ organisation: 'politie-cn', decision: 'accept' }),
        ]),
      );
    });

    it('under a renewed covenant refuses a partner that rejected it or did not decide, and admits one the moment it accepts', async () => {
      const people = cast(api.holders);
      const { registrant, processDirector, participant } = people;
      const krusada = outsider(api.holders);
      const renewal = {
        ...bundleCovenant(),
        version: 'bonaire-2026',
        not_before: '2026-01-01T00:00:00.000Z',
        not_after: '2030-01-01T00:00:00.000Z',
      };
      const proposed = await api.api.call(
        processDirector,
        'POST',
        '/v1/covenant/versions',
        renewal,
      );
      expect(proposed.status, proposed.text).toBe(201);
      const id: string = proposed.body.id;
      expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);

      for (const who of [registrant, processDirector]) {
        expect((await decide(who, id, 'accept')).status).toBe(201);
      }
      expect((await decide(krusada, id, 'reject')).status).toBe(201);
      const pending = await api.api.call(participant, 'GET', '/v1/covenant');
      expect(pending.status).toBe(200);
      expect(pending.body.inForce).toMatchObject({ id: BONAIRE_2020, version: 'bonaire-2020' });
      expect(pending.body.pending).toEqual([
        expect.objectContaining({ id, version: 'bonaire-2026', active: false, inForce: false }),
      ]);
      const standing = pending.body.pending[0].partners;
      expect(
        standing.find((p: { organisation: string }) => p.organisation === 'krusada'),
      ).toMatchObject({ decision: 'reject', party: false });

      // The renewed bundle becomes active: no restart, no reseeding.
      ctx.activeCovenants.set('bonaire', id);
      expect((await register(registrant)).status).toBe(201);
      for (const who of [krusada, participant]) {
        const refused = await register(who);
        expect([who.organisation, refused.status, refused.body?.code]).toEqual([
          who.organisation,
          403,
          'PARTNER_NOT_SIGNATORY',
        ]);
      }
      // A rejection stands: only an acceptance can be revoked.
      const changedMind = await decide(krusada, id, 'accept');
      expect([changedMind.status, changedMind.body?.code]).toEqual([
        409,
        'COVENANT_DECISION_CONFLICT',
      ]);
      expect((await decide(participant, id, 'accept')).status).toBe(201);
      expect((await register(participant)).status).toBe(201);

      const shown = await api.api.call(krusada, 'GET', `/v1/covenant/versions/${id}`);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ id, active: true, inForce: true, content: renewal });
      expect(shown.body.decisions.map((d: { organisation: string }) => d.organisation)).toEqual([
        'politie-cn',
        'zvh-bonaire',
        'krusada',
        'sgb',
      ]);
      expect(shown.body.decisions[0].jws.split('.')).toHaveLength(3);
      expect(new X509Certificate(shown.body.decisions[0].certificate).raw).toEqual(
        new X509Certificate(registrant.holder.cert).raw,
      );
      expect((await decidedEntries()).map((e) => [e.organisation, e.decision])).toEqual(
        expect.arrayContaining([
          ['krusada', 'reject'],
          ['sgb', 'accept'],
        ]),
      );
    });

    it('with no version in force refuses every registration and case route while health, whoami and the covenant answer', async () => {
      const people = cast(api.holders);
      const { registrant, caseDirector } = people;
      const theCase = await monitoredCase(api.api, people);
      const pull = `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`;
      const expectNotInForce = async () => {
        const calls = [
          await register(registrant),
          await api.api.call(registrant, 'GET', `/v1/cases/${theCase.caseId}`),
          await api.api.call(caseDirector, 'POST', pull, {
            purpose: 'case_meeting',
            categories: ['police_incidents'],
          }),
        ];
        expect(calls.map((c) => [c.status, c.body?.code])).toEqual(
          Array(3).fill([403, 'COVENANT_NOT_IN_FORCE']),
        );
        expect((await api.api.call(registrant, 'GET', '/v1/whoami')).status).toBe(200);
        const covenant = await api.api.call(registrant, 'GET', '/v1/covenant');
        expect(covenant.status).toBe(200);
        expect(covenant.body.inForce).toBeNull();
        return covenant.body.notInForceReason as string;
      };

      // bonaire-2020 runs until 2028.
      ctx.clock.set('2028-01-01T00:00:00.000Z');
      expect(await expectNotInForce()).toContain('ended at 2028-01-01T00:00:00.000Z');
      ctx.clock.set('2026-03-02T09:00:00.000Z');
      // A bundle without a covenant for the network.
      ctx.activeCovenants.delete('bonaire');
      expect(await expectNotInForce()).toContain('no covenant');
      const health = await fetchHealth(api.broker.url, registrant);
      expect(health).toBe(200);
    });

    it('refuses a forged, borrowed or altered signature, and a decision out of turn', async () => {
      const { registrant, participant, processDirector } = cast(api.holders);
      const ownJws = await signCovenantDecision(
        { certificatePem: registrant.holder.cert, privateKeyPem: registrant.holder.key },
        { network: 'bonaire', version: BONAIRE_2020, decision: 'revoke' },
      );
      const send = (who: Caller, jws: string) =>
        api.api.call(who, 'POST', `/v1/covenant/versions/${BONAIRE_2020}/decisions`, { jws });
      const [header, payload, signature] = ownJws.split('.');
      const altered = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
      const alteredPayload = Buffer.from(
        JSON.stringify({ ...altered, decision: 'accept' }),
      ).toString('base64url');
      const wrongKey = await signCovenantDecision(
        { certificatePem: registrant.holder.cert, privateKeyPem: participant.holder.key },
        { network: 'bonaire', version: BONAIRE_2020, decision: 'revoke' },
      );
      const attempts: [string, Caller, string][] = [
        ['signed with another key', registrant, wrongKey],
        ["another organisation's certificate", participant, ownJws],
        ['altered payload', registrant, `${header}.${alteredPayload}.${signature}`],
        [
          'signed long ago',
          registrant,
          await signCovenantDecision(
            { certificatePem: registrant.holder.cert, privateKeyPem: registrant.holder.key },
            {
              network: 'bonaire',
              version: BONAIRE_2020,
              decision: 'revoke',
              signedAt: new Date(Date.now() - 3_600_000),
            },
          ),
        ],
        [
          'another network',
          registrant,
          await signCovenantDecision(
            { certificatePem: registrant.holder.cert, privateKeyPem: registrant.holder.key },
            { network: 'saba', version: BONAIRE_2020, decision: 'revoke' },
          ),
        ],
      ];
      for (const [what, who, jws] of attempts) {
        const refused = await send(who, jws);
        expect([what, refused.status, refused.body?.code]).toEqual([
          what,
          422,
          'COVENANT_SIGNATURE_INVALID',
        ]);
      }
      expect(await decidedEntries()).toHaveLength(15);
      expect((await register(registrant)).status).toBe(201);

      const twice = await decide(registrant, BONAIRE_2020, 'accept');
      expect([twice.status, twice.body?.code]).toEqual([409, 'COVENANT_DECISION_CONFLICT']);
      expect((await decide(registrant, BONAIRE_2020, 'revoke')).status).toBe(201);
      const revokedTwice = await decide(registrant, BONAIRE_2020, 'revoke');
      expect([revokedTwice.status, revokedTwice.body?.code]).toEqual([
        409,
        'COVENANT_DECISION_CONFLICT',
      ]);
      const unknown = await decide(registrant, `sha256:${'0'.repeat(64)}`, 'accept');
      expect([unknown.status, unknown.body?.code]).toEqual([404, 'COVENANT_VERSION_UNKNOWN']);

      const byPolice = await api.api.call(registrant, 'POST', '/v1/covenant/versions', {
        ...bundleCovenant(),
        version: 'bonaire-2027',
      });
      expect([byPolice.status, byPolice.body?.code]).toEqual([403, 'COVENANT_PROPOSER_REQUIRED']);
      const broken = await api.api.call(processDirector, 'POST', '/v1/covenant/versions', {
        ...bundleCovenant(),
        not_after: '2019-01-01T00:00:00.000Z',
      });
      expect([broken.status, broken.body?.code]).toEqual([422, 'COVENANT_CONTENT_INVALID']);
      expect(broken.body.issues).toEqual(
        expect.arrayContaining([expect.stringMatching(/not_after/)]),
      );
    });
  },
);

async function fetchHealth(url: string, who: Caller): Promise<number> {
  return (await httpsRequest(`${url}/health`, { method: 'GET', tls: who.holder, headers: {} }))
    .status;
}
