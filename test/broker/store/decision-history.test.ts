import { beforeAll, expect, it } from 'vitest';
import { decidePush } from '../../../broker/exchange/push-decision.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { withDatabase } from '../../support/audit.ts';
import { NATIONAL_ID, NETWORK, PROCESS_DIRECTOR } from '../../support/case-fixtures.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import {
  caseWithConsent,
  exchanges,
  SCHOOL_PARTICIPANT,
  YOUTH_CARE_DIRECTOR,
} from '../../support/decision-history.ts';
import { capturingLogger } from '../../support/logger.ts';

let policy: PolicyEngine;
beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
});

const INCIDENTS = { purpose: 'case_meeting', categories: ['police_incidents'] };

describeOnEveryDatabase('the decision-input history', (ctx) => {
  const rows = () =>
    withDatabase(ctx.url, (db) =>
      db.selectFrom('decision_inputs').selectAll().orderBy('seq').execute(),
    );

  it('keeps the input and outcome of every pull and push decision, and names no person', async () => {
    const { logger } = capturingLogger();
    const theCase = await caseWithConsent(ctx, new Date('2026-03-02T09:00:00.000Z'));
    const broker = exchanges(ctx, policy, logger);
    ctx.clock.set('2026-03-03T10:00:00.000Z');
    await broker.pull(theCase, YOUTH_CARE_DIRECTOR, {
      ...INCIDENTS,
      categories: ['police_incidents', 'identification'],
      provider: 'politie-cn',
    });
    await broker.pull(theCase, SCHOOL_PARTICIPANT, { ...INCIDENTS, provider: 'politie-cn' });
    await broker.push(theCase, {
      ...INCIDENTS,
      sender: 'politie-cn',
      recipient: 'jeugdzorg-cn',
    });
    await ctx.store.decisions.flush();

    const kept = [];
    for await (const decision of ctx.store.decisions.between(
      NETWORK,
      new Date('2026-03-03T00:00:00.000Z'),
      new Date('2026-03-04T00:00:00.000Z'),
    )) {
      kept.push(decision);
    }
    expect(kept.map((decision) => decision.outcome)).toEqual([
      {
        allow: true,
        permittedCategories: ['identification', 'police_incidents'],
        reasons: [],
        revision: policy.revision,
      },
      {
        allow: false,
        permittedCategories: [],
        reasons: [
          { code: 'DOMAIN_NOT_PERMITTED', category: 'police_incidents' },
          { code: 'SPECIAL_CATEGORY_NO_BASIS', category: 'police_incidents' },
        ],
        revision: policy.revision,
      },
      {
        allow: true,
        permittedCategories: ['police_incidents'],
        reasons: [],
        revision: policy.revision,
      },
    ]);
    expect(kept[1]?.input).toMatchObject({
      at: '2026-03-03T10:00:00.000Z',
      network: NETWORK,
      action: 'pull',
      recipient: { organisation: 'sgb', role: 'case_participant' },
      case: { id: theCase.caseId, phase: 'case_meeting' },
    });
    expect(kept[2]?.input).toMatchObject({
      action: 'push',
      provider: { organisation: 'politie-cn' },
    });

    // Pseudonymous: the case and the records it rests on by id, no person and no employee.
    const stored = JSON.stringify(await rows());
    const person = await ctx.store.persons.list(NETWORK, theCase.caseId);
    for (const personal of [NATIONAL_ID, theCase.personId, person[0]?.pseudonym ?? '?']) {
      expect(stored).not.toContain(personal);
    }
    for (const user of [YOUTH_CARE_DIRECTOR.user, SCHOOL_PARTICIPANT.user, PROCESS_DIRECTOR.user]) {
      expect(stored).not.toContain(user);
    }
    expect(stored).toContain(theCase.caseId);
  });

  it('keeps a push decided again before a delivery attempt once, not once per attempt', async () => {
    const { logger } = capturingLogger();
    const theCase = await caseWithConsent(ctx, new Date('2026-03-02T09:00:00.000Z'));
    ctx.clock.set('2026-03-03T10:00:00.000Z');
    const push = {
      network: NETWORK,
      caseId: theCase.caseId,
      personId: theCase.personId,
      ...INCIDENTS,
      sender: 'politie-cn',
      recipient: 'jeugdzorg-cn',
      at: ctx.clock.now(),
    };
    const deps = { store: ctx.store, policy, logger };
    await decidePush(deps, { ...push, keepInput: true });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await decidePush(deps, { ...push, keepInput: false });
    }
    await ctx.store.decisions.flush();
    expect(await rows()).toHaveLength(1);
  });

  it('decides, audits and withholds the same when the input cannot be kept, and logs the loss', async () => {
    const { logger, lines } = capturingLogger();
    const theCase = await caseWithConsent(ctx, new Date('2026-03-02T09:00:00.000Z'));
    const broker = exchanges(ctx, policy, logger);
    ctx.clock.set('2026-03-03T10:00:00.000Z');
    await ctx.execute('DROP TABLE decision_inputs');

    const allowed = await broker.pull(theCase, YOUTH_CARE_DIRECTOR, {
      ...INCIDENTS,
      provider: 'politie-cn',
    });
    const denied = await broker.pull(theCase, SCHOOL_PARTICIPANT, {
      ...INCIDENTS,
      provider: 'politie-cn',
    });
    const pushed = await broker.push(theCase, {
      ...INCIDENTS,
      sender: 'politie-cn',
      recipient: 'sgb',
    });
    await ctx.store.decisions.flush();

    // No adapter is configured: the allowed pull stops before any data, as it always would.
    expect(allowed).toEqual([{ provider: 'politie-cn', status: 'unavailable' }]);
    expect(denied).toMatchObject([
      {
        provider: 'politie-cn',
        status: 'denied',
        reasons: ['DOMAIN_NOT_PERMITTED', 'SPECIAL_CATEGORY_NO_BASIS'],
      },
    ]);
    expect(pushed).toMatchObject({ allow: false, permitted: {} });
    const entries = await withDatabase(ctx.url, (db) =>
      db
        .selectFrom('audit_entries')
        .select(['decision', 'recipient_organisation'])
        .where('event_type', '=', 'exchange.pull')
        .orderBy('seq')
        .execute(),
    );
    expect(entries).toEqual([
      { decision: 'allow', recipient_organisation: 'jeugdzorg-cn' },
      { decision: 'deny', recipient_organisation: 'sgb' },
    ]);
    const lost = lines.filter((line) => line.includes('decision input not kept'));
    expect(lost).toHaveLength(3);
  });

  it('is deleted by the retention job together with the rest of its case', async () => {
    const { logger } = capturingLogger();
    const { store, clock } = ctx;
    const closing = await caseWithConsent(ctx, new Date('2026-03-02T09:00:00.000Z'));
    const staying = await caseWithConsent(ctx, new Date('2026-03-02T09:00:00.000Z'));
    const broker = exchanges(ctx, policy, logger);
    clock.set('2026-03-03T10:00:00.000Z');
    for (const theCase of [closing, staying, closing]) {
      await broker.pull(theCase, YOUTH_CARE_DIRECTOR, { ...INCIDENTS, provider: 'politie-cn' });
    }
    await store.decisions.flush();
    clock.set('2026-04-01T10:00:00.000Z');
    await store.cases.startMonitoring(NETWORK, closing.caseId, PROCESS_DIRECTOR);
    await store.cases.close(
      NETWORK,
      closing.caseId,
      PROCESS_DIRECTOR,
      'positive_without_involvement',
    );

    expect((await store.retention.run(new Date('2027-04-01T09:59:59.999Z'))).deleted).toEqual([]);
    expect((await rows()).map((row) => row.case_id)).toEqual([
      closing.caseId,
      staying.caseId,
      closing.caseId,
    ]);
    const {
      deleted: [deleted],
    } = await store.retention.run(new Date('2027-04-01T10:00:00.000Z'));
    expect(deleted).toMatchObject({ caseId: closing.caseId, deleted: { decision_inputs: 2 } });
    expect((await rows()).map((row) => row.case_id)).toEqual([staying.caseId]);
    expect(JSON.stringify(await rows())).not.toContain(closing.caseId);
  });
});
