import { expect, it, onTestFinished } from 'vitest';
import { covenantVersionId } from '../../../broker/covenant/covenant-id.ts';
import { SYSTEM_ACTOR } from '../../../broker/store/actor.ts';
import { BrokerStore } from '../../../broker/store/broker-store.ts';
import { REGISTRATION } from '../../support/case-fixtures.ts';
import { BUNDLE_COVENANT, bundleCovenant, seedAcceptedCovenant } from '../../support/covenant.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

describeOnEveryDatabase('the shadow-list review term', (ctx) => {
  it("takes Bonaire's term from its covenant data", async () => {
    expect(await ctx.store.networks.getNetwork('bonaire')).toMatchObject({ shadowReviewMonths: 6 });
  });

  it("puts the review as many months out as the network's covenant says", async () => {
    const director = { organisation: 'zvh-bonaire', user: 'procesregisseur-t' };
    const registrant = { organisation: 'politie-cn', user: 'agent-t' };
    await ctx.store.networks.addNetwork(
      {
        id: 'test-island',
        name: 'ZVH Test Island',
        coordinatorOrganisation: director.organisation,
        covenantVersion: 'test-island-2026',
        retentionYears: 1,
        auditRetentionYears: 5,
        shadowReviewMonths: 3,
      },
      SYSTEM_ACTOR,
    );
    const content = {
      ...bundleCovenant(),
      name: 'ZVH Test Island',
      version: 'test-island-2026',
      shadow_list_review_months: 3,
    };
    // The broker as it runs with a bundle that has Test Island's covenant too.
    const store = await BrokerStore.open({
      databaseUrl: ctx.url,
      identifierSecret: ctx.identifierSecret,
      activeCovenant: (network) =>
        network === 'test-island' ? covenantVersionId(content) : BUNDLE_COVENANT(network),
      clock: ctx.clock,
    });
    onTestFinished(() => store.close());
    const { clock } = ctx;
    await seedAcceptedCovenant(store, clock, { network: 'test-island', content });
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

describeOnEveryDatabase('the shadow-list review date in the policy facts', (ctx) => {
  it('gives the review date of the stay on the shadow list at the moment, also after the case left it', async () => {
    const director = { organisation: 'zvh-bonaire', user: 'procesregisseur-t' };
    const registrant = { organisation: 'politie-cn', user: 'agent-t' };
    const { store, clock } = ctx;
    const { id } = await store.cases.register('bonaire', registrant, REGISTRATION);
    await store.cases.startTriage('bonaire', id, director);
    await store.cases.accept('bonaire', id, director);
    await store.participants.appointCaseDirector('bonaire', id, director, registrant);
    await store.cases.startMonitoring('bonaire', id, director);
    const reviewAt = async (at: string) =>
      (
        await store.facts.assemble({
          network: 'bonaire',
          caseId: id,
          recipient: 'politie-cn',
          at: new Date(at),
        })
      ).case.shadow_review_at;

    clock.set('2026-05-31T10:00:00.000Z');
    const stable = await store.cases.moveToShadowList('bonaire', id, director);
    expect(await reviewAt('2026-05-31T10:00:00.000Z')).toBe(stable.shadowReviewAt);
    expect(stable.shadowReviewAt).toBe('2026-11-30T10:00:00.000Z');
    expect(await reviewAt('2026-05-31T09:59:59.999Z')).toBeNull();

    clock.set('2026-12-07T10:00:00.000Z');
    await store.cases.returnToCaseMeeting('bonaire', id, director);
    expect(await reviewAt('2026-12-07T10:00:00.000Z')).toBeNull();
    expect(await reviewAt('2026-12-01T00:00:00.000Z')).toBe('2026-11-30T10:00:00.000Z');
  });
});
