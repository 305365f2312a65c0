import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDecision } from '../../broker/policy/decision.ts';
import type { ExchangeRequest } from '../../broker/policy/exchange-request.ts';
import { readPolicyBundle } from '../../broker/policy/policy-bundle.ts';
import { WasmPolicyEngine } from '../../broker/policy/wasm-policy-engine.ts';
import { exchangeRequestArbitrary } from '../support/exchange-request-arbitrary.ts';
import { opaForTests, runOpa } from '../support/opa-cli.ts';

const INPUTS = 3_000;
const SEED = Number(process.env.ORACLE_SEED ?? 20_261_123);
const { opa, skipReason } = opaForTests();

/**
 * The in-process wasm engine against OPA itself: the same Rego and data, evaluated by
 * `opa eval` on the same inputs, must give the same decisions. All inputs go to one
 * `opa eval` so the test stays fast.
 */
describe.skipIf(opa === null)(
  `the wasm engine agrees with opa eval${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let inputs: unknown[];
    let oracle: PolicyDecision[];
    let engine: WasmPolicyEngine;

    beforeAll(async () => {
      inputs = fc.sample(exchangeRequestArbitrary, { numRuns: INPUTS, seed: SEED });
      engine = await WasmPolicyEngine.fromBundle(await readPolicyBundle('policies/bundle'));
      const work = await mkdtemp(join(tmpdir(), 'zvh-oracle-'));
      try {
        const inputsFile = join(work, 'oracle.json');
        await writeFile(inputsFile, JSON.stringify({ oracle_inputs: inputs }));
        const output = runOpa(opa as string, [
          'eval',
          '--format=json',
          '--ignore=bundle',
          '--data=policies',
          `--data=${inputsFile}`,
          '[d | some x in data.oracle_inputs; d := data.zvh.exchange.decision with input as x]',
        ]);
        oracle = JSON.parse(output).result[0].expressions[0].value;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    });

    it(`decides all ${INPUTS} generated inputs as OPA does`, () => {
      expect(oracle).toHaveLength(INPUTS);
      inputs.forEach((input, i) => {
        const { revision: _revision, ...decision } = engine.decide(input as ExchangeRequest);
        expect(decision, `input #${i}: ${JSON.stringify(input)}`).toEqual(oracle[i]);
      });
    });

    it('covers allowed decisions and every reason code the policy can give', () => {
      const allowed = oracle.filter((decision) => decision.allow).length;
      expect(allowed).toBeGreaterThan(INPUTS * 0.05);
      expect(INPUTS - allowed).toBeGreaterThan(INPUTS * 0.05);
      const groundTypes = new Set(
        oracle.flatMap((d) => Object.values(d.grounds).map((ground) => ground.type)),
      );
      expect([...groundTypes]).toEqual(
        expect.arrayContaining(['consent', 'exception', 'statutory', 'formal_request']),
      );
      const codes = new Set(oracle.flatMap((d) => d.reasons.map((reason) => reason.code)));
      expect([...codes].sort()).toEqual(
        [
          'ASKING_GROUND_MISSING',
          'ASKING_OBJECTED',
          'CATEGORY_DISPROPORTIONATE',
          'CATEGORY_UNKNOWN',
          'CONSENT_GIVEN_UNDER_AGE',
          'CONSENT_MISSING',
          'CONSENT_OBJECTED',
          'CONSENT_WITHDRAWN',
          'COVENANT_NOT_IN_FORCE',
          'DOMAIN_NOT_PERMITTED',
          'EXCEPTION_EXPIRED',
          'EXCEPTION_PROVIDER_APPROVAL_MISSING',
          'EXCEPTION_PROVIDER_REFUSED',
          'EXCEPTION_REASON_CANNOT_OVERRIDE',
          'EXCEPTION_REVOKED',
          'EXCEPTION_SELF_APPROVED',
          'EXCEPTION_SUSPENDED_BY_OBJECTION',
          'EXCEPTION_TERM_TOO_LONG',
          'FORMAL_REQUEST_EXPIRED',
          'FORMAL_REQUEST_REFUSED',
          'FORMAL_REQUEST_REQUIRED',
          'INPUT_INVALID',
          'NETWORK_UNKNOWN',
          'NOT_CASE_PARTICIPANT',
          'PARTNER_NOT_SIGNATORY',
          'PERSONAL_DATA_WITHOUT_PERSON',
          'PURPOSE_DOMAIN_NOT_PERMITTED',
          'PURPOSE_PHASE_MISMATCH',
          'PROVIDER_DOMAIN_NOT_PERMITTED',
          'PURPOSE_UNKNOWN',
          'RETENTION_EXPIRED',
          'ROLE_NOT_PERMITTED',
          'SHADOW_REVIEW_DUE',
          'SPECIAL_CATEGORY_NO_BASIS',
        ].sort(),
      );
    });
  },
);
