import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../broker/store/actor.ts';
import { REGISTRATION } from '../../support/case-fixtures.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

describeOnEveryDatabase('the shadow-list review term', (ctx) => {
  it("takes Bonaire's term from its covenant data", async () => {
    expect(await ctx.store.networks.getNetwork('bonaire')).toMatchObject({ shadowReviewMonths: 6 });
  });

  it("puts the review as many months out as the network's covenant says", async () => {
    const { store, clock } = ctx;
    const director = { organisation: 'zvh-test', user: 'procesregisseur-t' };
    const registrant = { organisation: 'politie-t', user: 'agent-t' };
    await store.networks.addNetwork(
      {
        id: 'test-island',
        name: 'ZVH Test Island',
        coordinatorOrganisation: director.organisation,
        covenantVersion: null,
        retentionYears: 1,
        shadowReviewMonths: 3,
      },
      SYSTEM_ACTOR,
    );
    for (const [organisation, domain] of [
      [director.organisation, 'coordination'],
      [registrant.organisation, 'police'],
    ] as const) {
      await store.networks.addPartner(
        'test-island',
        { organisation, name: organisation, domain, joinedAt: clock.now() },
        SYSTEM_ACTOR,
      );
    }
    const { id } = await store.cases.register('test-island', registrant, REGISTRATION);
    await store.cases.startTriage('test-island', id, director);
    await store.cases.accept('test-island', id, director);
    await store.participants.appointCaseDirector('test-island', id, director, registrant);
    await store.cases.startMonitoring('test-island', id, director);
    clock.set('2026-05-31T10:00:00.000Z');
    const stable = await store.cases.moveToShadowList('test-island', id, director);
    expect(stable.shadowReviewAt).toBe('2026-08-31T10:00:00.000Z');
    const events = await store.events.forCase('test-island', id);
    expect(events.at(-1)).toMatchObject({
      type: 'case.move_to_shadow_list',
      details: { review_at: '2026-08-31T10:00:00.000Z' },
    });
    clock.set('2026-08-31T10:00:00.000Z');
    expect(await store.cases.get('test-island', id)).toMatchObject({
      reviewDue: true,
      reviewOverdue: false,
    });
  });
});
