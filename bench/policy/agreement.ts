import { isDeepStrictEqual } from 'node:util';
import { DECISION_ENTRYPOINT } from '../../broker/policy/policy-bundle.ts';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import type { OpaClient } from '../lib/opa-client.ts';
import type { MixCase } from './mix.ts';

/** Throws unless each case decides as it claims to; a mislabelled mix measures the wrong thing. */
export function checkMixOutcomes(engine: PolicyEngine, mix: readonly MixCase[]): void {
  for (const entry of mix) {
    const decision = engine.decide(entry.request);
    const codes = [...new Set(decision.reasons.map((reason) => reason.code))].sort();
    const actual = { allow: decision.allow, reasons: codes };
    const expected = { allow: entry.expect.allow, reasons: [...entry.expect.reasons].sort() };
    if (!isDeepStrictEqual(actual, expected)) {
      throw new Error(
        `mix case "${entry.name}" no longer decides as expected:\n` +
          `  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(actual)}`,
      );
    }
  }
}

/**
 * Throws unless the OPA server and the in-process engine give the same decision for each
 * case. The engine stamps the bundle revision into its decisions; OPA's have none.
 */
export async function checkAgreement(
  engine: PolicyEngine,
  client: OpaClient,
  mix: readonly MixCase[],
): Promise<void> {
  for (const entry of mix) {
    const { revision: _revision, ...inProcess } = engine.decide(entry.request);
    const server = await client.query(DECISION_ENTRYPOINT, entry.request);
    if (!isDeepStrictEqual(server, inProcess)) {
      throw new Error(
        `OPA server and in-process engine disagree on "${entry.name}":\n` +
          `  opa server: ${JSON.stringify(server)}\n  in-process: ${JSON.stringify(inProcess)}`,
      );
    }
  }
}
