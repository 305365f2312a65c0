import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { RequestInvalidError } from '../../../adapters/contract/coded-error.ts';
import type { ExchangeRequest } from '../../../broker/policy/exchange-request.ts';
import { readPolicyBundle } from '../../../broker/policy/policy-bundle.ts';
import { WasmPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import {
  acceptedCase,
  NATIONAL_ID,
  NETWORK,
  POLICE,
  PROCESS_DIRECTOR,
  YOUTH_CARE,
} from '../../support/case-fixtures.ts';
import { describeOnEveryDatabase, type StoreContext } from '../../support/databases.ts';
import { receivedPull } from '../../support/received-exchange.ts';

let engine: WasmPolicyEngine;
beforeAll(async () => {
  engine = await WasmPolicyEngine.fromBundle(await readPolicyBundle('policies/bundle'));
});

/** A case in the case meeting with youth care taking part and one person, the mother. */
async function caseWithPerson(ctx: StoreContext) {
  const caseId = await acceptedCase(ctx.store);
  await ctx.store.participants.add(NETWORK, caseId, PROCESS_DIRECTOR, {
    ...YOUTH_CARE,
    role: 'case_participant',
  });
  const person = await ctx.store.persons.add(NETWORK, caseId, POLICE, {
    nationalId: NATIONAL_ID,
    ageBand: '24-54',
    gender: 'female',
  });
  return { caseId, person };
}

const consentBy = (personId: string, at: Date) => ({
  personId,
  recipient: 'jeugdzorg-cn',
  categories: null,
  givenBy: 'person' as const,
  obtainedHow: 'in_person' as const,
  at,
});

describeOnEveryDatabase(
  'persons, consent, legal grounds, formal requests and the policy facts',
  (ctx) => {
    it('keeps the national identifier sealed and pseudonymised, and finds the person by it', async () => {
      const { caseId, person } = await caseWithPerson(ctx);
      expect(person.pseudonym).not.toContain(NATIONAL_ID);
      expect(await ctx.store.persons.findByNationalId(NETWORK, caseId, '9876.54.321')).toEqual(
        person,
      );
      expect(await ctx.store.persons.revealNationalId(NETWORK, caseId, person.id)).toBe(
        NATIONAL_ID,
      );
      await expect(
        ctx.store.persons.add(NETWORK, caseId, POLICE, {
          nationalId: NATIONAL_ID,
          ageBand: '24-54',
          gender: 'female',
        }),
      ).rejects.toMatchObject({ code: 'RECORD_CONFLICT' });
      const events = await ctx.store.events.forCase(NETWORK, caseId);
      expect(JSON.stringify(events)).not.toContain(NATIONAL_ID);
      expect(events.at(-1)).toMatchObject({
        type: 'person.added',
        personPseudonym: person.pseudonym,
      });
    });

    it('keeps the month a teenager turns 16 for the policy, only in the band 13-17 and within it', async () => {
      const caseId = await acceptedCase(ctx.store);
      const add = (nationalId: string, ageBand: '13-17' | '4-12', turns16In: string) =>
        ctx.store.persons.add(NETWORK, caseId, POLICE, {
          nationalId,
          ageBand,
          turns16In,
          gender: 'female',
        });
      // The store's clock stands at START, 2026-03-02.
      const teen = await add('111222333', '13-17', '2027-04');
      expect(teen.turns16In).toBe('2027-04');
      const facts = await ctx.store.facts.assemble({
        network: NETWORK,
        caseId,
        person: { id: teen.id },
        recipient: 'jeugdzorg-cn',
        at: ctx.clock.now(),
      });
      expect(facts.person).toEqual({ age_band: '13-17', turns_16_in: '2027-04' });
      for (const [ageBand, month] of [
        ['4-12', '2030-01'],
        ['13-17', '2023-12'],
        ['13-17', '2029-04'],
        ['13-17', '2027-13'],
      ] as const) {
        await expect(add('444555666', ageBand, month)).rejects.toBeInstanceOf(RequestInvalidError);
      }
      expect((await add('444555666', '13-17', '2024-03')).turns16In).toBe('2024-03');
    });

    it('never echoes a rejected identifier in an error', async () => {
      const caseId = await acceptedCase(ctx.store);
      const bad = '12345678901234567890123';
      const error = await ctx.store.persons
        .add(NETWORK, caseId, POLICE, { nationalId: bad, ageBand: '0-3', gender: 'male' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestInvalidError);
      expect(
        JSON.stringify({ ...(error as RequestInvalidError), message: (error as Error).message }),
      ).not.toContain(bad);
    });

    it('lets only the registering partner add persons', async () => {
      const caseId = await acceptedCase(ctx.store);
      await expect(
        ctx.store.persons.add(NETWORK, caseId, YOUTH_CARE, {
          nationalId: NATIONAL_ID,
          ageBand: '13-17',
          gender: 'male',
        }),
      ).rejects.toMatchObject({ code: 'CASE_ROLE_REQUIRED' });
    });

    it('records consent, withdraws it with immediate effect, and an objection beats it', async () => {
      const { store, clock } = ctx;
      const { caseId, person } = await caseWithPerson(ctx);
      const consent = await store.consent.record(NETWORK, caseId, POLICE, 'consent', {
        ...consentBy(person.id, new Date('2026-03-01T15:00:00.000Z')),
        givenBy: 'legal_representative',
      });
      const grantedAt = clock.now();
      const request = (
        facts: Awaited<ReturnType<typeof store.facts.assemble>>,
        at: Date,
      ): ExchangeRequest => ({
        at: at.toISOString(),
        network: NETWORK,
        action: 'pull',
        purpose: 'case_meeting',
        categories: ['police_incidents'],
        provider: { organisation: 'politie-cn' },
        recipient: { organisation: 'jeugdzorg-cn', role: 'case_participant' },
        ...facts,
      });
      const factsAt = (at: Date) =>
        store.facts.assemble({
          network: NETWORK,
          caseId,
          person: { id: person.id },
          recipient: 'jeugdzorg-cn',
          at,
        });

      const allowed = engine.decide(request(await factsAt(grantedAt), grantedAt));
      expect(allowed.allow).toBe(true);
      expect(allowed.grounds).toEqual({ police_incidents: { type: 'consent', id: consent.id } });

      clock.advanceMinutes(30);
      await store.consent.withdraw(NETWORK, caseId, POLICE, 'consent', consent.id);
      const withdrawnAt = clock.now();
      const withdrawnFacts = await factsAt(withdrawnAt);
      expect(withdrawnFacts.consents).toEqual([
        {
          id: consent.id,
          recipient: 'jeugdzorg-cn',
          categories: null,
          given_by: 'legal_representative',
          given_at: '2026-03-01T15:00:00.000Z',
          withdrawn_at: withdrawnAt.toISOString(),
        },
      ]);
      expect(engine.decide(request(withdrawnFacts, withdrawnAt)).allow).toBe(false);
      await expect(
        store.consent.withdraw(NETWORK, caseId, POLICE, 'consent', consent.id),
      ).rejects.toMatchObject({ code: 'RECORD_CONFLICT' });

      clock.advanceMinutes(30);
      const again = await store.consent.record(
        NETWORK,
        caseId,
        POLICE,
        'consent',
        consentBy(person.id, clock.now()),
      );
      const objection = await store.consent.record(NETWORK, caseId, POLICE, 'objection', {
        ...consentBy(person.id, clock.now()),
        categories: ['police_incidents'],
      });
      const objectedAt = clock.now();
      const objected = await factsAt(objectedAt);
      expect(objected.objections).toEqual([
        {
          id: objection.id,
          recipient: 'jeugdzorg-cn',
          categories: ['police_incidents'],
          made_at: objectedAt.toISOString(),
          recorded_at: objectedAt.toISOString(),
          withdrawn_at: null,
        },
      ]);
      expect(objected.consents.map((c) => c.id)).toEqual([consent.id, again.id]);
      const decision = engine.decide(request(objected, objectedAt));
      expect(decision.allow).toBe(false);
      expect(JSON.stringify(decision.reasons)).toContain('CONSENT_OBJECTED');

      // The facts as they stood before the withdrawal, for an auditor re-making the decision.
      const replay = await factsAt(grantedAt);
      expect(replay.consents).toEqual([
        expect.objectContaining({ id: consent.id, withdrawn_at: null }),
      ]);
      expect(replay.objections).toEqual([]);

      const statements = await store.consent.forPerson(NETWORK, caseId, person.id);
      expect(statements.map((s) => [s.kind, s.withdrawnAt === null])).toEqual([
        ['consent', false],
        ['consent', true],
        ['objection', true],
      ]);
      const types = (await store.events.forCase(NETWORK, caseId)).map((e) => e.type);
      expect(types.slice(-4)).toEqual([
        'consent.recorded',
        'consent.withdrawn',
        'consent.recorded',
        'objection.recorded',
      ]);
    });

    it("adds the asked providers' statements to the recipient's, and no one else's", async () => {
      const { store } = ctx;
      const { caseId, person } = await caseWithPerson(ctx);
      const at = new Date('2026-03-01T15:00:00.000Z');
      const toYouthCare = await store.consent.record(NETWORK, caseId, POLICE, 'consent', {
        ...consentBy(person.id, at),
      });
      const objectionToSchool = await store.consent.record(NETWORK, caseId, POLICE, 'objection', {
        ...consentBy(person.id, at),
        recipient: 'sgb',
      });
      await store.consent.record(NETWORK, caseId, POLICE, 'consent', {
        ...consentBy(person.id, at),
        recipient: 'mhc',
      });
      const factsAsking = (askedProviders?: string[]) =>
        store.facts.assemble({
          network: NETWORK,
          caseId,
          person: { id: person.id },
          recipient: 'jeugdzorg-cn',
          askedProviders,
          at: ctx.clock.now(),
        });

      const alone = await factsAsking();
      expect(alone.consents.map((c) => c.id)).toEqual([toYouthCare.id]);
      expect(alone.objections).toEqual([]);
      const asking = await factsAsking(['sgb', 'jeugdzorg-cn']);
      expect(asking.consents.map((c) => c.id)).toEqual([toYouthCare.id]);
      expect(asking.objections.map((o) => [o.id, o.recipient])).toEqual([
        [objectionToSchool.id, 'sgb'],
      ]);
      await expect(factsAsking(['Not An Id'])).rejects.toBeInstanceOf(RequestInvalidError);
    });

    it('refuses consent recorded by a partner other than the registering one', async () => {
      const { caseId, person } = await caseWithPerson(ctx);
      await expect(
        ctx.store.consent.record(
          NETWORK,
          caseId,
          YOUTH_CARE,
          'consent',
          consentBy(person.id, ctx.clock.now()),
        ),
      ).rejects.toMatchObject({ code: 'CASE_ROLE_REQUIRED' });
    });

    it('records legal-ground exceptions approved by the process director only, limited in time', async () => {
      const { store, clock } = ctx;
      const { caseId, person } = await caseWithPerson(ctx);
      const input = {
        personId: person.id,
        recipient: 'jeugdzorg-cn',
        categories: ['police_incidents'],
        reason: 'danger_to_those_involved' as const,
        justification: 'Asking consent would alert the partner who threatens the children.',
        expiresAt: new Date('2026-04-01T00:00:00.000Z'),
      };
      await expect(
        store.legalGrounds.approve(NETWORK, caseId, POLICE, input),
      ).rejects.toMatchObject({
        code: 'CASE_ROLE_REQUIRED',
      });
      await expect(
        store.legalGrounds.approve(NETWORK, caseId, PROCESS_DIRECTOR, {
          ...input,
          expiresAt: new Date('2026-01-01T00:00:00.000Z'),
        }),
      ).rejects.toMatchObject({ code: 'REQUEST_INVALID' });
      // The process director's office cannot approve an exchange to itself without consent.
      await expect(
        store.legalGrounds.approve(NETWORK, caseId, PROCESS_DIRECTOR, {
          ...input,
          recipient: PROCESS_DIRECTOR.organisation,
        }),
      ).rejects.toMatchObject({ code: 'REQUEST_INVALID' });
      const exception = await store.legalGrounds.approve(NETWORK, caseId, PROCESS_DIRECTOR, input);

      const at = clock.now();
      const facts = await store.facts.assemble({
        network: NETWORK,
        caseId,
        person: { pseudonym: person.pseudonym },
        recipient: 'jeugdzorg-cn',
        at,
      });
      expect(facts.exceptions).toEqual([
        {
          id: exception.id,
          recipient: 'jeugdzorg-cn',
          categories: ['police_incidents'],
          reason: 'danger_to_those_involved',
          approved_by_organisation: PROCESS_DIRECTOR.organisation,
          approved_by_role: 'process_director',
          approved_at: at.toISOString(),
          expires_at: '2026-04-01T00:00:00.000Z',
          revoked_at: null,
          provider_decisions: [],
        },
      ]);
      const events = await store.events.forCase(NETWORK, caseId);
      expect(JSON.stringify(events)).not.toContain('threatens');

      clock.advanceMinutes(10);
      await store.legalGrounds.revoke(NETWORK, caseId, PROCESS_DIRECTOR, exception.id);
      const [revoked] = await store.legalGrounds.forPerson(NETWORK, caseId, person.id);
      expect(revoked?.expiresAt).toBe(clock.now().toISOString());
      const factsAt = async (moment: Date) =>
        (
          await store.facts.assemble({
            network: NETWORK,
            caseId,
            person: { id: person.id },
            recipient: 'jeugdzorg-cn',
            at: moment,
          })
        ).exceptions;
      // The revocation is a fact from its moment on, never before it.
      expect(await factsAt(clock.now())).toMatchObject([
        { expires_at: clock.now().toISOString(), revoked_at: clock.now().toISOString() },
      ]);
      expect(await factsAt(at)).toMatchObject([{ revoked_at: null }]);
      await expect(
        store.legalGrounds.revoke(NETWORK, caseId, PROCESS_DIRECTOR, exception.id),
      ).rejects.toMatchObject({ message: expect.stringContaining('revoked') });
    });

    it("records a provider's decision about an exception once, a fact from its moment on", async () => {
      const { store, clock } = ctx;
      const { caseId, person } = await caseWithPerson(ctx);
      const approve = () =>
        store.legalGrounds.approve(NETWORK, caseId, PROCESS_DIRECTOR, {
          personId: person.id,
          recipient: 'jeugdzorg-cn',
          categories: ['police_incidents'],
          reason: 'danger_to_those_involved',
          justification: 'Asking consent would alert the partner who threatens the children.',
          expiresAt: new Date('2026-04-01T00:00:00.000Z'),
        });
      const exception = await approve();
      expect(exception.providerDecisions).toEqual([]);
      const decide = (actor: typeof POLICE, exceptionId = exception.id) =>
        store.legalGrounds.decideAsProvider(NETWORK, caseId, actor, exceptionId, {
          decision: 'approved',
          reason: 'Proportionate: the children are at risk.',
        });
      // Neither the recipient nor the approving organisation decides as a provider.
      for (const actor of [YOUTH_CARE, PROCESS_DIRECTOR]) {
        await expect(decide(actor)).rejects.toMatchObject({ code: 'CASE_ROLE_REQUIRED' });
      }
      await expect(
        decide({ organisation: 'stichting-onbekend', user: 'x-1' }),
      ).rejects.toMatchObject({ code: 'PARTNER_NOT_SIGNATORY' });
      await expect(decide(POLICE, randomUUID())).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(
        store.legalGrounds.decideAsProvider(NETWORK, caseId, POLICE, exception.id, {
          decision: 'approved',
          reason: ' ',
        }),
      ).rejects.toBeInstanceOf(RequestInvalidError);

      const approvedAt = clock.now();
      clock.advanceMinutes(10);
      const decided = await decide(POLICE);
      expect(decided.providerDecisions).toEqual([
        {
          provider: 'politie-cn',
          decision: 'approved',
          reason: 'Proportionate: the children are at risk.',
          decidedBy: POLICE,
          decidedAt: clock.now().toISOString(),
        },
      ]);
      expect(await store.legalGrounds.forPerson(NETWORK, caseId, person.id)).toEqual([decided]);
      await expect(decide(POLICE)).rejects.toMatchObject({
        code: 'RECORD_CONFLICT',
        message: 'the provider already decided',
      });
      const events = await store.events.forCase(NETWORK, caseId);
      expect(events.at(-1)).toMatchObject({
        type: 'exception.provider_approved',
        actor: POLICE,
        details: { exception_id: exception.id, provider: 'politie-cn' },
      });
      expect(JSON.stringify(events)).not.toContain('Proportionate');

      const decisionsAt = async (at: Date) =>
        (
          await store.facts.assemble({
            network: NETWORK,
            caseId,
            person: { id: person.id },
            recipient: 'jeugdzorg-cn',
            at,
          })
        ).exceptions.map((e) => e.provider_decisions);
      expect(await decisionsAt(clock.now())).toEqual([
        [{ provider: 'politie-cn', decision: 'approved', decided_at: clock.now().toISOString() }],
      ]);
      // Before its moment the decision is no fact: a decision re-made for then sees none.
      expect(await decisionsAt(new Date(clock.now().getTime() - 1))).toEqual([[]]);
      expect(await decisionsAt(approvedAt)).toEqual([[]]);

      // A revoked or expired exception, or one of a closed case, takes no decision.
      const revoked = await approve();
      await store.legalGrounds.revoke(NETWORK, caseId, PROCESS_DIRECTOR, revoked.id);
      await expect(decide(POLICE, revoked.id)).rejects.toMatchObject({
        code: 'RECORD_CONFLICT',
        message: 'the exception was revoked',
      });
      const expiring = await approve();
      clock.set('2026-04-01T00:00:00.000Z');
      await expect(decide(POLICE, expiring.id)).rejects.toMatchObject({
        code: 'RECORD_CONFLICT',
        message: 'the exception has expired',
      });
    });

    it('takes no provider decision once the case is closed', async () => {
      const { store } = ctx;
      const { caseId, person } = await caseWithPerson(ctx);
      const exception = await store.legalGrounds.approve(NETWORK, caseId, PROCESS_DIRECTOR, {
        personId: person.id,
        recipient: 'jeugdzorg-cn',
        categories: ['police_incidents'],
        reason: 'danger_to_those_involved',
        justification: 'Asking consent would alert the partner who threatens the children.',
        expiresAt: new Date('2026-04-01T00:00:00.000Z'),
      });
      await store.participants.appointCaseDirector(NETWORK, caseId, PROCESS_DIRECTOR, YOUTH_CARE);
      await store.cases.startMonitoring(NETWORK, caseId, PROCESS_DIRECTOR);
      await store.cases.close(NETWORK, caseId, PROCESS_DIRECTOR, 'positive_without_involvement');
      await expect(
        store.legalGrounds.decideAsProvider(NETWORK, caseId, POLICE, exception.id, {
          decision: 'refused',
          reason: 'Not proportionate.',
        }),
      ).rejects.toMatchObject({ code: 'RECORD_CONFLICT', message: 'the case is closed' });
    });

    it('handles a formal request for reuse: request, provider decides once, approval until expiry', async () => {
      const { store, clock } = ctx;
      const { caseId, person } = await caseWithPerson(ctx);
      const pulled = () =>
        receivedPull(store, {
          caseId,
          personPseudonym: person.pseudonym,
          requester: YOUTH_CARE,
          provider: 'politie-cn',
          categories: ['police_incidents'],
        });
      const input = {
        personId: person.id,
        provider: 'politie-cn',
        purpose: 'child_protection_investigation',
        categories: ['police_incidents'],
        exchangeIds: [await pulled(), await pulled()],
        justification: 'The incidents are needed for the child protection investigation.',
      };
      await expect(
        store.formalRequests.request(
          NETWORK,
          caseId,
          { organisation: 'om-bes', user: 'officier-1' },
          input,
        ),
      ).rejects.toMatchObject({ code: 'CASE_ROLE_REQUIRED' });
      const requested = await store.formalRequests.request(NETWORK, caseId, YOUTH_CARE, input);
      expect(requested).toMatchObject({
        status: 'pending',
        requester: 'jeugdzorg-cn',
        exchangeIds: input.exchangeIds,
      });
      const requestedAt = clock.now();

      await expect(
        store.formalRequests.decide(NETWORK, caseId, YOUTH_CARE, requested.id, {
          status: 'approved',
          reason: 'ok',
          expiresAt: new Date('2026-06-01T00:00:00.000Z'),
        }),
      ).rejects.toMatchObject({ code: 'CASE_ROLE_REQUIRED' });
      clock.advanceMinutes(60);
      const approved = await store.formalRequests.decide(NETWORK, caseId, POLICE, requested.id, {
        status: 'approved',
        reason: 'Proportionate for the investigation.',
        expiresAt: new Date('2026-06-01T00:00:00.000Z'),
      });
      expect(approved).toMatchObject({ status: 'approved', expiresAt: '2026-06-01T00:00:00.000Z' });
      await expect(
        store.formalRequests.decide(NETWORK, caseId, POLICE, requested.id, {
          status: 'refused',
          reason: 'no',
        }),
      ).rejects.toMatchObject({ code: 'RECORD_CONFLICT' });

      const factsAt = (at: Date) =>
        store.facts.assemble({
          network: NETWORK,
          caseId,
          person: { id: person.id },
          recipient: 'jeugdzorg-cn',
          at,
        });
      expect((await factsAt(clock.now())).formal_requests).toEqual([
        {
          id: requested.id,
          requester: 'jeugdzorg-cn',
          provider: 'politie-cn',
          purpose: 'child_protection_investigation',
          categories: ['police_incidents'],
          status: 'approved',
          decided_at: clock.now().toISOString(),
          expires_at: '2026-06-01T00:00:00.000Z',
        },
      ]);
      expect((await factsAt(requestedAt)).formal_requests).toEqual([
        expect.objectContaining({ status: 'pending', decided_at: null, expires_at: null }),
      ]);
      // Another recipient's facts do not include requests it did not make.
      const forSchool = await store.facts.assemble({
        network: NETWORK,
        caseId,
        person: { id: person.id },
        recipient: 'sgb',
        at: clock.now(),
      });
      expect(forSchool.formal_requests).toEqual([]);
    });

    it('assembles the case facts as of a moment: phase, closing time and participants', async () => {
      const { store, clock } = ctx;
      const { caseId, person } = await caseWithPerson(ctx);
      const inMeeting = clock.now();
      clock.advanceMinutes(5);
      await store.participants.appointCaseDirector(NETWORK, caseId, PROCESS_DIRECTOR, YOUTH_CARE);
      await store.cases.startMonitoring(NETWORK, caseId, PROCESS_DIRECTOR);
      clock.advanceMinutes(60);
      await store.cases.close(NETWORK, caseId, PROCESS_DIRECTOR, 'negative_without_solutions');
      const closedAt = clock.now();
      const factsAt = (at: Date) =>
        store.facts.assemble({
          network: NETWORK,
          caseId,
          person: { id: person.id },
          recipient: 'jeugdzorg-cn',
          at,
        });

      expect((await factsAt(closedAt)).case).toEqual({
        id: caseId,
        phase: 'closed',
        closed_at: closedAt.toISOString(),
        shadow_review_at: null,
        participants: ['jeugdzorg-cn', 'politie-cn', 'zvh-bonaire'],
      });
      expect((await factsAt(inMeeting)).case).toMatchObject({
        phase: 'case_meeting',
        closed_at: null,
      });
      // The person as the policy knows them: an age band; without one, the case as a whole.
      expect((await factsAt(closedAt)).person).toEqual({ age_band: '24-54', turns_16_in: null });
      const aboutTheCase = await store.facts.assemble({
        network: NETWORK,
        caseId,
        recipient: 'jeugdzorg-cn',
        at: closedAt,
      });
      expect([aboutTheCase.person, aboutTheCase.consents]).toEqual([null, []]);
      await expect(factsAt(new Date('2026-01-01T00:00:00.000Z'))).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(
        store.facts.assemble({
          network: NETWORK,
          caseId,
          person: { id: 'nobody' },
          recipient: 'sgb',
          at: closedAt,
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  },
);
