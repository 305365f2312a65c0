import type { ExchangeRequest } from '../../broker/policy/exchange-request.ts';
import { DECISION_ENTRYPOINT } from '../../broker/policy/policy-bundle.ts';
import type { PolicyEngine } from '../../broker/policy/policy-engine.ts';
import type { WasmPolicyEngine } from '../../broker/policy/wasm-policy-engine.ts';
import { type LatencySummary, timeAsync, timeSync } from '../lib/latency.ts';
import type { OpaClient } from '../lib/opa-client.ts';

/** Untimed calls first, so the JIT, caches and the wasm heap are warm when timing starts. */
export interface RunSize {
  readonly warmup: number;
  readonly count: number;
}

export interface MemoryFigures {
  readonly evaluations: number;
  readonly wasmBefore: number;
  readonly wasmAfter: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
}

function nth(requests: readonly ExchangeRequest[], i: number): ExchangeRequest {
  const request = requests[i % requests.length];
  if (request === undefined) throw new RangeError('the request schedule is empty');
  return request;
}

export function measureInProcess(
  engine: PolicyEngine,
  requests: readonly ExchangeRequest[],
  size: RunSize,
): LatencySummary {
  const decide = (i: number): void => {
    engine.decide(nth(requests, i));
  };
  for (let i = 0; i < size.warmup; i++) decide(i);
  return timeSync(size.count, decide);
}

export async function measureOpaServer(
  client: OpaClient,
  requests: readonly ExchangeRequest[],
  size: RunSize,
): Promise<LatencySummary> {
  const decide = async (i: number): Promise<void> => {
    await client.query(DECISION_ENTRYPOINT, nth(requests, i));
  };
  for (let i = 0; i < size.warmup; i++) await decide(i);
  return timeAsync(size.count, decide);
}

/**
 * The engine's wasm memory and the process RSS around `evaluations` untimed decisions.
 * opa-wasm resets its heap on every evaluation, so the wasm memory must not grow at all.
 */
export function measureMemory(
  engine: WasmPolicyEngine,
  requests: readonly ExchangeRequest[],
  evaluations: number,
): MemoryFigures {
  const wasmBefore = engine.memoryBytes;
  const rssBefore = process.memoryUsage.rss();
  for (let i = 0; i < evaluations; i++) engine.decide(nth(requests, i));
  return {
    evaluations,
    wasmBefore,
    wasmAfter: engine.memoryBytes,
    rssBefore,
    rssAfter: process.memoryUsage.rss(),
  };
}
