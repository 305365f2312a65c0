import { expect, it } from 'vitest';
import { NotFoundError, RequestInvalidError } from '../../../adapters/contract/coded-error.ts';
import {
  CaseRoleRequiredError,
  CaseTransitionError,
  PartnerUnknownError,
} from '../../../broker/errors/broker-error.ts';
import { openDatabase } from '../../../broker/store/open-database.ts';
import {
  acceptedCase,
  NETWORK,
  POLICE,
  PROCESS_DIRECTOR,
  REGISTRATION,
  SCHOOL,
  YOUTH_CARE,
} from '../../support/case-fixtures.ts';
import { BUNDLE_COVENANT, covenantSigners, recordSignedDecision } from '../../support/covenant.ts';
import { describeOnEveryDatabase, postgresSchemaName } from '../../support/databases.ts';

describeOnEveryDatabase('networks and the case lifecycle', (ctx, dialect) => {
  it("seeds three networks, and Bonaire's partners are those of the covenant in force", async () => {
    expect(await ctx.store.networks.listNetworkIds()).toEqual([
      'bonaire',
      'saba',
      'sint-eustatius',
    ]);
    const bonaire = await ctx.store.networks.getNetwork('bonaire');
    expect(bonaire).toMatchObject({
      coordinatorOrganisation: 'zvh-bonaire',
      covenantVersion: 'bonaire-2020',
      retentionYears: 1,
    });
    const partners = await ctx.store.parties.partners('bonaire');
    // 14 partners plus the ZVH itself, which holds process direction; all accepted it.
    expect(partners).toHaveLength(15);
    expect(partners.map((p) => p.organisation)).toContain('jeugdzorg-cn');
    expect(partners.every((p) => p.party)).toBe(true);
    // Saba has no covenant in the policy: nobody is a party there.
    expect(await ctx.store.parties.partners('saba')).toEqual([]);
    expect(await ctx.store.parties.partyStatus('saba', 'zvh-saba')).toMatchObject({
      status: 'no_covenant',
    });
  });

  it('walks a case through every phase, reopening included', async () => {
    const { store, clock } = ctx;
    const registered = await store.cases.register(NETWORK, POLICE, REGISTRATION);
    expect(registered).toMatchObject({
      phase: 'registration',
      registeredBy: 'politie-cn',
      caseType: 'domestic_violence',
      lifeDomains: ['housing', 'parenting_minors', 'crime'],
      criteria: REGISTRATION.criteria,
    });
    const id = registered.id;

    clock.advanceMinutes(60);
    expect((await store.cases.startTriage(NETWORK, id, PROCESS_DIRECTOR)).phase).toBe('triage');
    expect((await store.cases.accept(NETWORK, id, PROCESS_DIRECTOR)).triageDecision).toBe(
      'accepted',
    );
    await store.participants.add(NETWORK, id, PROCESS_DIRECTOR, {
      ...YOUTH_CARE,
      role: 'case_participant',
    });
    await store.participants.appointCaseDirector(NETWORK, id, PROCESS_DIRECTOR, YOUTH_CARE);
    expect((await store.cases.startMonitoring(NETWORK, id, PROCESS_DIRECTOR)).phase).toBe(
      'monitoring',
    );

    clock.set('2026-08-31T12:00:00.000Z');
    const shadow = await store.cases.moveToShadowList(NETWORK, id, PROCESS_DIRECTOR);
    expect(shadow.phase).toBe('shadow_list');
    // Six months after 31 August is the end of February, not 3 March.
    expect(shadow.shadowReviewAt).toBe('2027-02-28T12:00:00.000Z');

    clock.set('2027-03-01T10:00:00.000Z');
    const closed = await store.cases.close(
      NETWORK,
      id,
      PROCESS_DIRECTOR,
      'positive_with_involvement',
    );
    expect(closed).toMatchObject({
      phase: 'closed',
      outcome: 'positive_with_involvement',
      closedAt: '2027-03-01T10:00:00.000Z',
      shadowReviewAt: null,
    });

    clock.advanceMinutes(60 * 24 * 30);
    const reopened = await store.cases.reopen(NETWORK, id, PROCESS_DIRECTOR);
    expect(reopened).toMatchObject({ phase: 'case_meeting', outcome: null, closedAt: null });

    const events = await store.events.forCase(NETWORK, id);
    expect(events.map((e) => e.type)).toEqual([
      'case.registered',
      'case.start_triage',
      'case.accept',
      'participant.added',
      'case.case_director_appointed',
      'case.start_monitoring',
      'case.move_to_shadow_list',
      'case.close',
      'case.reopen',
    ]);
    expect(events[0]).toMatchObject({
      actor: POLICE,
      network: NETWORK,
      details: { case_type: 'domestic_violence', criteria_met: true },
    });
    expect(events.at(-1)?.details).toMatchObject({
      from: 'closed',
      to: 'case_meeting',
      previous_outcome: 'positive_with_involvement',
    });
  });

  it('closes a case that triage does not take, advising the registering partner', async () => {
    const { id } = await ctx.store.cases.register(NETWORK, POLICE, REGISTRATION);
    await ctx.store.cases.startTriage(NETWORK, id, PROCESS_DIRECTOR);
    const advised = await ctx.store.cases.adviseRegistrant(NETWORK, id, PROCESS_DIRECTOR);
    expect(advised).toMatchObject({
      phase: 'closed',
      triageDecision: 'advised_registrant',
      outcome: null,
      closedAt: ctx.clock.now().toISOString(),
    });
  });

  it('refuses an illegal transition, naming the allowed ones, and changes nothing', async () => {
    const { id } = await ctx.store.cases.register(NETWORK, POLICE, REGISTRATION);
    const error = await ctx.store.cases
      .close(NETWORK, id, PROCESS_DIRECTOR, 'negative_without_solutions')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaseTransitionError);
    expect(error).toMatchObject({
      code: 'CASE_TRANSITION_INVALID',
      phase: 'registration',
      action: 'close',
      allowed: ['start_triage'],
    });
    expect((error as Error).message).toBe(
      'close is not allowed in phase registration; allowed: start_triage',
    );

    await ctx.store.cases.startTriage(NETWORK, id, PROCESS_DIRECTOR);
    await expect(ctx.store.cases.reopen(NETWORK, id, PROCESS_DIRECTOR)).rejects.toMatchObject({
      code: 'CASE_TRANSITION_INVALID',
      allowed: ['accept', 'advise_registrant'],
    });
    expect((await ctx.store.cases.get(NETWORK, id)).phase).toBe('triage');
  });

  it('needs a case director before monitoring', async () => {
    const id = await acceptedCase(ctx.store);
    await expect(ctx.store.cases.startMonitoring(NETWORK, id, PROCESS_DIRECTOR)).rejects.toThrow(
      /start_monitoring is not allowed in phase case_meeting \(a case director must be appointed first\); allowed: start_monitoring/,
    );
  });

  it('lets only the process direction triage and only the process director move the case', async () => {
    const { id } = await ctx.store.cases.register(NETWORK, POLICE, REGISTRATION);
    await expect(ctx.store.cases.startTriage(NETWORK, id, POLICE)).rejects.toBeInstanceOf(
      CaseRoleRequiredError,
    );
    await ctx.store.cases.startTriage(NETWORK, id, PROCESS_DIRECTOR);
    await expect(
      ctx.store.cases.accept(NETWORK, id, { organisation: 'zvh-bonaire', user: 'someone-else' }),
    ).rejects.toMatchObject({ code: 'CASE_ROLE_REQUIRED' });
  });

  it('accepts registrations from parties to the covenant in force only', async () => {
    await expect(
      ctx.store.cases.register(NETWORK, { organisation: 'zvh-saba', user: 'x' }, REGISTRATION),
    ).rejects.toMatchObject({ code: 'PARTNER_NOT_SIGNATORY' });
    const krusada = (await covenantSigners()).get('krusada');
    if (krusada === undefined) throw new TypeError('a signer for krusada');
    const version = BUNDLE_COVENANT(NETWORK) ?? '';
    await recordSignedDecision(ctx.store, ctx.clock, krusada, version, 'revoke');
    await expect(
      ctx.store.cases.register(NETWORK, { organisation: 'krusada', user: 'x' }, REGISTRATION),
    ).rejects.toMatchObject({ code: 'PARTNER_NOT_SIGNATORY' });
    await expect(
      ctx.store.participants.add(NETWORK, await acceptedCase(ctx.store), PROCESS_DIRECTOR, {
        organisation: 'krusada',
        user: 'x',
        role: 'case_participant',
      }),
    ).rejects.toBeInstanceOf(PartnerUnknownError);
  });

  it('validates a registration against the vocabularies of DOMAIN.md', async () => {
    const error = await ctx.store.cases
      .register(NETWORK, POLICE, {
        ...REGISTRATION,
        caseType: 'burglary' as 'neglect',
        lifeDomains: [],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestInvalidError);
    expect((error as RequestInvalidError).issues).toEqual([
      expect.stringMatching(/^caseType: /),
      expect.stringMatching(/^lifeDomains: /),
    ]);
  });

  it('answers an unknown case, or a case of another network, with not found', async () => {
    const { id } = await ctx.store.cases.register(NETWORK, POLICE, REGISTRATION);
    await expect(ctx.store.cases.get('saba', id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ctx.store.cases.get(NETWORK, 'no-such-case')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('manages participants: the process director adds and removes, a new case director replaces', async () => {
    const { store } = ctx;
    const id = await acceptedCase(store);
    await expect(
      store.participants.add(NETWORK, id, POLICE, { ...SCHOOL, role: 'case_participant' }),
    ).rejects.toMatchObject({ code: 'CASE_ROLE_REQUIRED' });
    const school = await store.participants.add(NETWORK, id, PROCESS_DIRECTOR, {
      ...SCHOOL,
      role: 'case_participant',
    });
    await expect(
      store.participants.add(NETWORK, id, PROCESS_DIRECTOR, {
        ...SCHOOL,
        role: 'case_participant',
      }),
    ).rejects.toMatchObject({ code: 'RECORD_CONFLICT' });
    await store.participants.appointCaseDirector(NETWORK, id, PROCESS_DIRECTOR, YOUTH_CARE);
    await store.participants.appointCaseDirector(NETWORK, id, PROCESS_DIRECTOR, SCHOOL);
    await store.participants.remove(NETWORK, id, PROCESS_DIRECTOR, school.id);

    const participants = await store.participants.list(NETWORK, id);
    expect(participants.map((p) => `${p.organisation}:${p.role}`).sort()).toEqual([
      'politie-cn:case_participant',
      'sgb:case_director',
      'zvh-bonaire:process_director',
    ]);
  });

  it('appoints a case director only once the case is accepted', async () => {
    const { id } = await ctx.store.cases.register(NETWORK, POLICE, REGISTRATION);
    await ctx.store.cases.startTriage(NETWORK, id, PROCESS_DIRECTOR);
    await expect(
      ctx.store.participants.appointCaseDirector(NETWORK, id, PROCESS_DIRECTOR, YOUTH_CARE),
    ).rejects.toMatchObject({
      code: 'CASE_TRANSITION_INVALID',
      allowed: ['accept', 'advise_registrant'],
    });
  });

  // Only a PostgreSQL server holds several schemas, each a database of its own.
  if (dialect === 'postgres') {
    it('migrates a schema of its own beside one that is migrated already', async () => {
      const other = postgresSchemaName();
      await ctx.execute(`CREATE SCHEMA ${other}`);
      const url = new URL(ctx.url);
      url.searchParams.set('options', `-c search_path=${other}`);
      const { db } = await openDatabase(url.toString());
      try {
        const networks = await db.selectFrom('networks').select('id').execute();
        expect(networks).toEqual([]);
      } finally {
        await db.destroy();
      }
    });
  }
});
