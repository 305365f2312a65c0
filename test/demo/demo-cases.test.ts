import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../broker/policy/wasm-policy-engine.ts';
import { BrokerStore } from '../../broker/store/broker-store.ts';
import { seedNetworks } from '../../broker/store/seed-networks.ts';
import {
  type DemoCaseIds,
  DOMESTIC_VIOLENCE,
  earlierClock,
  ensureDemoCases,
  samplePerson,
} from '../../demo/demo-cases.ts';
import { DEMO_PARTNERS } from '../../demo/demo-cast.ts';
import { beforeTheCases, type DemoCovenant, ensureDemoCovenant } from '../../demo/demo-covenant.ts';
import { ensureDemoKeys } from '../../demo/demo-keys.ts';
import { type Clock, systemClock } from '../../keys/clock.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';

let dir: string;
let store: BrokerStore;
let earlier: BrokerStore;
const stores = () => ({ now: store, earlier, clock: systemClock });
let policy: PolicyEngine;
let cases: DemoCaseIds;
let covenant: DemoCovenant;
const recordFile = () => join(dir, 'demo-cases.json');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zvh-demo-cases-'));
  const identifierSecret = randomBytes(32);
  const databaseUrl = `sqlite:${join(dir, 'broker.sqlite')}`;
  policy = await openPolicyEngine('policies/bundle');
  const open = (clock: Clock) =>
    BrokerStore.open({
      databaseUrl,
      identifierSecret,
      activeCovenant: (network) => policy.covenantVersionId(network),
      clock,
    });
  store = await open(systemClock);
  earlier = await open(earlierClock(systemClock));
  await seedNetworks(store.networks, 'policies/zvh/covenants');
  const keys = await ensureDemoKeys(dir, 'bonaire', [], DEMO_PARTNERS, new Date());
  const beforeClock = beforeTheCases(systemClock);
  const before = await open(beforeClock);
  covenant = await ensureDemoCovenant(
    { now: store, before, beforeClock, clock: systemClock },
    'bonaire',
    'policies/bundle',
    keys,
    DEMO_PARTNERS,
  ).finally(() => before.close());
  cases = await ensureDemoCases(stores(), 'bonaire', recordFile());
});

afterAll(async () => {
  await earlier?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The decision the broker would make now for one flow about a person in a seeded case. */
async function decide(flow: {
  caseId: string;
  nationalId: string;
  provider: string;
  recipient: string;
  role: CaseRole;
  purpose: string;
  categories: string[];
}) {
  const person = await store.persons.findByNationalId('bonaire', flow.caseId, flow.nationalId);
  if (person === undefined) throw new Error('the person is not in the case');
  const at = new Date();
  const facts = await store.facts.assemble({
    network: 'bonaire',
    caseId: flow.caseId,
    person: { id: person.id },
    recipient: flow.recipient,
    at,
  });
  return policy.decide({
    at: at.toISOString(),
    network: 'bonaire',
    action: 'pull',
    purpose: flow.purpose,
    categories: flow.categories,
    provider: { organisation: flow.provider },
    recipient: { organisation: flow.recipient, role: flow.role },
    ...facts,
  });
}

const reasonCodes = (decision: { reasons: readonly { code: string }[] }) =>
  decision.reasons.map((reason) => reason.code);

describe('the example cases of the demo network', () => {
  it('puts each household in its phase of the case process', async () => {
    const phase = async (caseId: string) => (await store.cases.get('bonaire', caseId)).phase;
    expect(await phase(cases.domestic_violence)).toBe('case_meeting');
    expect(await phase(cases.multi_problem)).toBe('monitoring');
    expect(await phase(cases.aftercare_after_detention)).toBe('case_meeting');
    expect((await store.persons.list('bonaire', cases.domestic_violence)).length).toBe(4);
    expect((await store.persons.list('bonaire', cases.aftercare_after_detention)).length).toBe(2);
  });

  it('records every seeding step in the audit trail, as the API would', () => {
    const db = new Database(join(dir, 'broker.sqlite'), { readonly: true });
    try {
      const types = (caseId: string) =>
        (
          db
            .prepare('select event_type from audit_entries where case_id = ? order by seq')
            .all(caseId) as { event_type: string }[]
        ).map((row) => row.event_type);
      expect(types(cases.domestic_violence)).toEqual(
        expect.arrayContaining([
          'domain.case.registered',
          'domain.person.added',
          'domain.case.accept',
          'domain.case.case_director_appointed',
          'domain.consent.recorded',
          'domain.objection.recorded',
          'domain.exception.approved',
          'domain.exception.provider_approved',
        ]),
      );
      expect(types(cases.multi_problem)).toEqual(
        expect.arrayContaining(['domain.case.start_monitoring', 'domain.consent.withdrawn']),
      );
    } finally {
      db.close();
    }
  });

  it('lets youth care have the father police incidents on the exception, despite his objection', async () => {
    const decision = await decide({
      caseId: cases.domestic_violence,
      nationalId: DOMESTIC_VIOLENCE.father.nationalId,
      provider: 'politie-cn',
      recipient: 'jeugdzorg-cn',
      role: 'case_director',
      purpose: 'case_meeting',
      categories: ['police_incidents', 'mental_health_treatment'],
    });
    expect(Object.keys(decision.permitted)).toEqual(['police_incidents']);
    expect(decision.grounds.police_incidents?.type).toBe('exception');
    expect(reasonCodes(decision)).toContain('CONSENT_OBJECTED');
  });

  it('denies the police the multi-problem mother data once she withdrew her consent', async () => {
    const decision = await decide({
      caseId: cases.multi_problem,
      nationalId: samplePerson('multi_problem', 'parent').nationalId,
      provider: 'mhc',
      recipient: 'politie-cn',
      role: 'case_participant',
      purpose: 'monitoring',
      categories: ['case_involvement'],
    });
    expect(decision.allow).toBe(false);
    expect(reasonCodes(decision)).toEqual(['CONSENT_WITHDRAWN']);
  });

  it('keeps the released man treatment from the police on his objection', async () => {
    const decision = await decide({
      caseId: cases.aftercare_after_detention,
      nationalId: samplePerson('aftercare_after_detention', 'released').nationalId,
      provider: 'mhc',
      recipient: 'politie-cn',
      role: 'case_participant',
      purpose: 'case_meeting',
      categories: ['case_involvement', 'mental_health_treatment'],
    });
    expect(Object.keys(decision.permitted)).toEqual(['case_involvement']);
    expect(reasonCodes(decision)).toContain('CONSENT_OBJECTED');
  });

  it("puts a plan with an overdue action in the multi-problem case, and a case due for review on the process director's list", async () => {
    const plan = await store.actions.list('bonaire', cases.multi_problem, { overdue: true });
    expect(plan.map((action) => action.organisation)).toEqual(['jeugdzorg-cn']);
    const parked = await store.cases.get('bonaire', cases.review_due);
    expect(parked).toMatchObject({ phase: 'shadow_list', reviewDue: true });
  });

  it('finds the recorded cases on a second start and seeds none again', async () => {
    const recorded = await readFile(recordFile(), 'utf8');
    expect(await ensureDemoCases(stores(), 'bonaire', recordFile())).toEqual(cases);
    expect(await readFile(recordFile(), 'utf8')).toBe(recorded);
  });

  it('seeds again only a recorded case the database no longer has', async () => {
    await writeFile(recordFile(), JSON.stringify({ ...cases, multi_problem: randomUUID() }));
    const again = await ensureDemoCases(stores(), 'bonaire', recordFile());
    expect(again.domestic_violence).toBe(cases.domestic_violence);
    expect(again.aftercare_after_detention).toBe(cases.aftercare_after_detention);
    expect(again.multi_problem).not.toBe(cases.multi_problem);
    expect((await store.cases.get('bonaire', again.multi_problem)).phase).toBe('monitoring');
  });
});

describe('the demo covenant', () => {
  it("has the bundle's version in force, accepted by every demo partner before the first case, and a renewal the police have yet to accept", async () => {
    expect(covenant.inForce).toBe(policy.covenantVersionId('bonaire'));
    for (const organisation of new Set(DEMO_PARTNERS)) {
      expect(await store.parties.partyStatus('bonaire', organisation)).toEqual({
        status: 'party',
        version: covenant.inForce,
      });
    }
    const renewal = await store.covenants.decisions([covenant.renewal]);
    expect(renewal.map((d) => d.organisation).sort()).toEqual(
      [...new Set(DEMO_PARTNERS)].filter((o) => o !== 'politie-cn').sort(),
    );
    expect(covenant.awaiting).toBe('politie-cn');
    expect(renewal.map((d) => d.organisation)).not.toContain('politie-cn');
    const again = await ensureDemoCovenant(
      { now: store, before: store, beforeClock: systemClock, clock: systemClock },
      'bonaire',
      'policies/bundle',
      await ensureDemoKeys(dir, 'bonaire', [], DEMO_PARTNERS, new Date()),
      DEMO_PARTNERS,
    );
    expect(again).toEqual(covenant);
    expect(await store.covenants.decisions([covenant.inForce, covenant.renewal])).toHaveLength(
      renewal.length + new Set(DEMO_PARTNERS).size,
    );
  });
});
