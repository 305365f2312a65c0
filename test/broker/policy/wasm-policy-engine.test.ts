import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PolicyBundle, readPolicyBundle } from '../../../broker/policy/policy-bundle.ts';
import { openPolicyEngine, WasmPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { POLICY_REASON_CODES } from '../../../policies/vocabulary/reason-codes.ts';
import { allowedPull, NOW } from '../../support/exchange-request.ts';

const BUNDLE_DIR = 'policies/bundle';

let bundle: PolicyBundle;
let engine: WasmPolicyEngine;

beforeAll(async () => {
  bundle = await readPolicyBundle(BUNDLE_DIR);
  engine = await WasmPolicyEngine.fromBundle(bundle);
});

describe('the in-process policy engine', () => {
  it('allows a consented pull and releases only the fields the recipient domain needs', () => {
    const decision = engine.decide(allowedPull());
    expect(decision.allow).toBe(true);
    expect(decision.reasons).toEqual([]);
    expect(decision.permitted).toEqual({
      police_incidents: ['incident_date', 'incident_type', 'role_in_incident'],
    });
    expect(decision.grounds).toEqual({ police_incidents: { type: 'consent', id: 'consent-1' } });
    expect(decision.obligations).toContainEqual({ code: 'TAG_PURPOSE', purpose: 'case_meeting' });
    expect(decision.covenant).toBe('bonaire-2020');
    expect(decision.revision).toBe(bundle.revision);
  });

  it('gives the prosecutor the incident summary that youth care does not get', () => {
    const decision = engine.decide(
      allowedPull({
        recipient: { organisation: 'om-bes', role: 'case_participant' },
        case: { ...allowedPull().case, participants: ['politie-cn', 'om-bes'] },
        consents: [{ ...allowedPull().consents[0]!, recipient: 'om-bes' }],
      }),
    );
    expect(decision.permitted.police_incidents).toEqual([
      'incident_date',
      'incident_type',
      'report_number',
      'role_in_incident',
      'summary',
    ]);
  });

  it('denies a school police incident details, with the reasons and nothing permitted', () => {
    const decision = engine.decide(
      allowedPull({
        recipient: { organisation: 'sgb', role: 'case_participant' },
        consents: [{ ...allowedPull().consents[0]!, recipient: 'sgb' }],
      }),
    );
    expect(decision.allow).toBe(false);
    expect(decision.permitted).toEqual({});
    expect(decision.reasons.map((r) => r.code).sort()).toEqual([
      'DOMAIN_NOT_PERMITTED',
      'SPECIAL_CATEGORY_NO_BASIS',
    ]);
  });

  it('denies from the moment consent is withdrawn', () => {
    const consent = { ...allowedPull().consents[0]!, withdrawn_at: NOW };
    const decision = engine.decide(allowedPull({ consents: [consent] }));
    expect(decision.allow).toBe(false);
    expect(decision.reasons).toEqual([{ code: 'CONSENT_WITHDRAWN', category: 'police_incidents' }]);
  });

  it('denies a malformed input instead of evaluating part of it', () => {
    const decision = engine.decide({ ...allowedPull(), at: '23-11-2026' });
    expect(decision.allow).toBe(false);
    expect(decision.reasons).toEqual([{ code: 'INPUT_INVALID' }]);
  });
});

describe('the vocabulary of the covenant the engine decides with', () => {
  it('names every category and field of the covenant, and nothing of a network without one', async () => {
    const covenant = JSON.parse(
      await readFile('policies/zvh/covenants/bonaire/data.json', 'utf8'),
    ) as { categories: Record<string, { fields: string[] }> };
    const bonaire = engine.vocabulary('bonaire');
    expect([...bonaire.keys()].sort()).toEqual(Object.keys(covenant.categories).sort());
    expect([...(bonaire.get('police_incidents') ?? [])]).toEqual(
      covenant.categories.police_incidents?.fields,
    );
    expect(engine.vocabulary('saba').size).toBe(0);
    const broken = await openPolicyEngine('test/no-such-bundle');
    expect(broken.vocabulary('bonaire').size).toBe(0);
  });
});

describe('failing closed', () => {
  it('denies every exchange when the bundle cannot be loaded, and says why', async () => {
    const errors: string[] = [];
    const broken = await openPolicyEngine('test/no-such-bundle', {
      onError: (error) => errors.push(error.code),
    });
    expect(broken.decide(allowedPull())).toMatchObject({
      allow: false,
      reasons: [{ code: 'POLICY_UNAVAILABLE' }],
      permitted: {},
    });
    expect(errors).toEqual(['POLICY_UNAVAILABLE']);
  });

  it('refuses a module that is not a policy', async () => {
    const corrupt = { ...bundle, wasm: new TextEncoder().encode('not wasm') };
    await expect(WasmPolicyEngine.fromBundle(corrupt)).rejects.toMatchObject({
      code: 'POLICY_UNAVAILABLE',
    });
  });

  it('denies when evaluation fails, here on an input larger than the memory cap, and goes on deciding', async () => {
    const errors: string[] = [];
    const capped = await WasmPolicyEngine.fromBundle(bundle, {
      onError: (error) => errors.push(error.code),
    });
    const participants = Array.from({ length: 1_000_000 }, (_, i) => `organisation-${i}`);
    const oversized = allowedPull({ case: { ...allowedPull().case, participants } });
    expect(capped.decide(oversized)).toMatchObject({
      allow: false,
      reasons: [{ code: 'POLICY_EVALUATION_FAILED' }],
      permitted: {},
    });
    expect(errors).toEqual(['POLICY_EVALUATION_FAILED']);
    expect(capped.decide(allowedPull()).allow).toBe(true);
  });

  it('denies when the policy answers in an unexpected shape', async () => {
    const data = structuredClone(bundle.data) as {
      zvh: { covenants: { bonaire: { version: unknown } } };
    };
    data.zvh.covenants.bonaire.version = { year: 2020 };
    const odd = await WasmPolicyEngine.fromBundle({ ...bundle, data });
    expect(odd.decide(allowedPull())).toMatchObject({
      allow: false,
      reasons: [{ code: 'POLICY_RESULT_INVALID' }],
    });
  });

  it('keeps its memory flat over many evaluations', () => {
    const requests = [allowedPull(), allowedPull({ consents: [] }), allowedPull({ network: 'x' })];
    for (let i = 0; i < 1_000; i += 1) engine.decide(requests[i % 3]!);
    const before = engine.memoryBytes;
    for (let i = 0; i < 30_000; i += 1) engine.decide(requests[i % 3]!);
    expect(engine.memoryBytes).toBe(before);
  });
});

describe('reason codes', () => {
  it('are the codes the Rego declares in its METADATA, no more and no fewer', async () => {
    const rego = await readFile(join('policies', 'zvh', 'exchange', 'decision.rego'), 'utf8');
    const declared = new Set<string>();
    for (const match of rego.matchAll(/^#\s+code: ([A-Z_]+)$/gm)) declared.add(match[1]!);
    for (const match of rego.matchAll(/^#\s+codes: \[([A-Z_, ]+)\]$/gm)) {
      for (const code of match[1]!.split(',')) declared.add(code.trim());
    }
    expect([...declared].sort()).toEqual([...POLICY_REASON_CODES].sort());
  });
});
