/**
 * Policy benchmark (issue 2, point 8), run on demand with `npm run bench:policy`: the
 * in-process wasm engine against the same policy behind `opa run --server`, plus the
 * engine's memory over a million decisions. Prints the results and writes them to the
 * "Policy decisions" section of BENCHMARKS.md.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExchangeRequest } from '../broker/policy/exchange-request.ts';
import { readPolicyBundle } from '../broker/policy/policy-bundle.ts';
import type { PolicyEngine } from '../broker/policy/policy-engine.ts';
import { policyRevision } from '../broker/policy/policy-revision.ts';
import { WasmPolicyEngine } from '../broker/policy/wasm-policy-engine.ts';
import { writeSection } from './lib/benchmarks-md.ts';
import type { LatencySummary } from './lib/latency.ts';
import { describeMachine } from './lib/machine.ts';
import { findOpa, opaVersion } from './lib/opa-cli.ts';
import { OpaClient } from './lib/opa-client.ts';
import { startOpaServer } from './lib/opa-server.ts';
import { checkAgreement, checkMixOutcomes } from './policy/agreement.ts';
import { measureInProcess, measureMemory, measureOpaServer } from './policy/measure.ts';
import { MIX, schedule } from './policy/mix.ts';
import { assess, renderSection } from './policy/report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const IN_PROCESS = { warmup: 20_000, count: 300_000 };
// Each HTTP round trip costs far more, so fewer give as stable a p99 in reasonable time.
const OPA_SERVER = { warmup: 1_000, count: 20_000 };
const MEMORY_EVALUATIONS = 1_000_000;

/** Serves the policy sources as `opa build` bundles them, checks agreement, then times. */
async function againstOpaServer(
  opa: string,
  engine: PolicyEngine,
  requests: readonly ExchangeRequest[],
): Promise<LatencySummary> {
  const server = await startOpaServer({
    opa,
    cwd: ROOT,
    paths: ['policies'],
    ignore: ['bundle', '*_test.rego'],
  });
  const client = new OpaClient(server.url);
  try {
    await checkAgreement(engine, client, MIX);
    return await measureOpaServer(client, requests, OPA_SERVER);
  } finally {
    client.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const bundle = await readPolicyBundle(join(ROOT, 'policies/bundle'));
  const sources = await policyRevision(join(ROOT, 'policies/zvh'));
  if (bundle.revision !== sources) {
    // The server serves the sources and the engine the bundle: they must be the same policy.
    throw new Error(
      `policies/bundle (${bundle.revision}) is stale against policies/zvh (${sources}); run npm run policy:build`,
    );
  }
  const opa = findOpa(ROOT);
  const version = opaVersion(opa);
  const engine = await WasmPolicyEngine.fromBundle(bundle, {
    // A fail-closed deny would be timed as if it were a decision: stop instead.
    onError: (error) => {
      throw error;
    },
  });
  checkMixOutcomes(engine, MIX);
  const requests = schedule(MIX);

  console.log(`in-process: ${IN_PROCESS.count} decisions after ${IN_PROCESS.warmup} warm-up…`);
  const inProcess = measureInProcess(engine, requests, IN_PROCESS);
  console.log(`memory: ${MEMORY_EVALUATIONS} decisions…`);
  const memory = measureMemory(engine, requests, MEMORY_EVALUATIONS);

  console.log(`opa server: ${OPA_SERVER.count} decisions after ${OPA_SERVER.warmup} warm-up…`);
  const opaServer = await againstOpaServer(opa, engine, requests);

  const result = {
    machine,
    opaVersion: version,
    revision: bundle.revision,
    mix: MIX,
    inProcess,
    opaServer,
    memory,
  };
  const verdict = assess(result);
  const section = renderSection(result, verdict);
  console.log(`\n${section}`);
  await writeSection(join(ROOT, 'BENCHMARKS.md'), 'policy-bench', section);
  console.log('BENCHMARKS.md: section "Policy decisions" updated');
  // A missed target fails the run, so a script or CI job calling the bench notices.
  if (!verdict.targetMet || !verdict.wasmMemoryFlat) {
    console.error('policy bench: a target was not met (see above); exiting with status 1');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
