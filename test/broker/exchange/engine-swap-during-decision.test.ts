import { beforeAll, expect, it, vi } from 'vitest';
import { decidePush } from '../../../broker/exchange/push-decision.ts';
import { readPolicyBundle } from '../../../broker/policy/policy-bundle.ts';
import { PolicyEngineHolder } from '../../../broker/policy/policy-engine-holder.ts';
import { WasmPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { NETWORK } from '../../support/case-fixtures.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { caseWithConsent } from '../../support/decision-history.ts';
import { capturingLogger } from '../../support/logger.ts';

let first: WasmPolicyEngine;
let next: WasmPolicyEngine;
beforeAll(async () => {
  const bundle = await readPolicyBundle('policies/bundle');
  first = await WasmPolicyEngine.fromBundle(bundle);
  // Another covenant version: nobody has accepted it, so under it nobody is a party.
  const data = structuredClone(bundle.data) as {
    zvh: { covenants: { bonaire: { version: string } } };
  };
  data.zvh.covenants.bonaire.version = 'bonaire-unaccepted';
  next = await WasmPolicyEngine.fromBundle({ ...bundle, revision: 'sha256:next', data });
});

describeOnEveryDatabase('a bundle swapped while a flow is decided', (ctx) => {
  it('decides with the engine whose covenant the parties were read for', async () => {
    const theCase = await caseWithConsent(ctx, new Date('2026-03-02T09:00:00.000Z'));
    ctx.clock.set('2026-03-03T10:00:00.000Z');
    const policy = new PolicyEngineHolder(first, { clock: ctx.clock });
    const assemble = ctx.store.facts.assemble.bind(ctx.store.facts);
    const spy = vi.spyOn(ctx.store.facts, 'assemble').mockImplementation(async (query) => {
      policy.swap(next);
      return assemble(query);
    });
    const push = {
      network: NETWORK,
      caseId: theCase.caseId,
      personId: theCase.personId,
      sender: 'politie-cn',
      recipient: 'jeugdzorg-cn',
      purpose: 'case_meeting',
      categories: ['police_incidents'],
      at: ctx.clock.now(),
      keepInput: false,
    };
    const { logger } = capturingLogger();
    try {
      const during = await decidePush({ store: ctx.store, policy, logger }, push);
      expect(during).toMatchObject({ allow: true, revision: first.revision });
      const after = await decidePush({ store: ctx.store, policy, logger }, push);
      expect(after.revision).toBe('sha256:next');
      expect(after).toMatchObject({ allow: false });
      expect(after.reasons.map((reason) => reason.code)).toEqual([
        'PARTNER_NOT_SIGNATORY',
        'PARTNER_NOT_SIGNATORY',
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
