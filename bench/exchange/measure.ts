import { randomUUID } from 'node:crypto';
import { continueTrace, formatTraceparent } from '../../adapters/contract/trace-context.ts';
import type { PartnerClient } from '../../adapters/partner-client/partner-client.ts';
import { DEFAULT_LIMITS } from '../../broker/config/config.ts';
import { pullFromAdapter } from '../../broker/exchange/adapter-pull-client.ts';
import type { AdapterAgentPool } from '../../broker/identity/adapter-agent.ts';
import { timeConcurrent } from '../lib/concurrency.ts';
import type { LatencySummary } from '../lib/latency.ts';
import { type CpuMeter, type CpuShares, spent } from './cpu-meter.ts';
import { signAhead } from './partner.ts';

/**
 * How long the broker, and the direct client, wait for an adapter. Longer than the
 * broker's default of 2 s, so that a machine loaded by other work slows the run down
 * instead of failing it: every timed exchange must still release data from both providers.
 */
export const ADAPTER_TIMEOUT_MS = 10_000;

/** How many calls one concurrency level makes: untimed first, then timed. */
export interface Level {
  readonly concurrency: number;
  readonly warmup: number;
  readonly count: number;
}

/** The pull both paths make: these categories about this person, for this purpose. */
export interface PullSpec {
  readonly path: string;
  readonly purpose: string;
  readonly categories: readonly string[];
  readonly providers: readonly string[];
  readonly nationalId: string;
}

/** One timed run: its latencies, and the CPU each party spent on it. */
export interface Run {
  readonly latency: LatencySummary;
  readonly cpu: CpuShares;
}

async function timed(
  meter: CpuMeter,
  level: Level,
  step: (i: number) => Promise<void>,
): Promise<Run> {
  const from = meter.read();
  const latency = await timeConcurrent(level.count, level.concurrency, step);
  return { latency, cpu: spent(from, meter.read()) };
}

interface ProviderResult {
  readonly provider: string;
  readonly status: string;
  readonly data?: Record<string, unknown[]>;
}

/**
 * Refuses to time anything but full success: a denial or an unavailable provider costs
 * less than a release, and would flatter the figures.
 */
function checkReleased(text: string, spec: PullSpec): void {
  const results = JSON.parse(text) as ProviderResult[];
  const released = results.filter(
    (r) => r.status === 'data' && spec.categories.every((c) => (r.data?.[c]?.length ?? 0) > 0),
  );
  if (released.length !== spec.providers.length) {
    throw new Error(`a pull did not release data from every provider: ${text}`);
  }
}

/**
 * One pull exchange through the broker with an assertion signed ahead, on the partner's
 * kept-alive connections; throws unless both providers released data.
 */
export function pullExchange(
  partner: PartnerClient,
  spec: PullSpec,
): (assertion: string) => Promise<void> {
  const body = { purpose: spec.purpose, categories: spec.categories, providers: spec.providers };
  return async (assertion) => {
    const answer = await partner.requestWith(assertion, 'POST', spec.path, body);
    if (answer.status !== 200) throw new Error(`pull answered ${answer.status}: ${answer.body}`);
    checkReleased(answer.body, spec);
  };
}

/**
 * Pull exchanges through the broker: one POST per exchange, each with its own assertion,
 * signed before the warm-up and before the timed run (signing is the partner's work, and
 * would otherwise be timed as the broker's).
 */
export async function measureBroker(
  partner: PartnerClient,
  spec: PullSpec,
  level: Level,
  meter: CpuMeter,
): Promise<Run> {
  const pull = pullExchange(partner, spec);
  const exchange = (assertions: readonly string[]) => (i: number) => pull(assertions[i] ?? '');
  const warmup = await signAhead(partner, level.warmup);
  await timeConcurrent(level.warmup, level.concurrency, exchange(warmup));
  return timed(meter, level, exchange(await signAhead(partner, level.count)));
}

/**
 * The same data without the broker: the same adapters asked in parallel with the broker's
 * own adapter client (pullFromAdapter) over the broker's mutual-TLS agent, so only the
 * broker's own work differs between the two figures.
 */
export async function measureDirect(
  agents: AdapterAgentPool,
  adapters: Readonly<Record<string, string>>,
  spec: PullSpec,
  level: Level,
  meter: CpuMeter,
): Promise<Run> {
  const call = async (): Promise<void> => {
    const answers = await Promise.all(
      Object.entries(adapters).map(([organisation, url]) =>
        pullFromAdapter(
          url,
          {
            exchangeId: randomUUID(),
            purpose: spec.purpose,
            person: { nationalId: spec.nationalId },
            categories: [...spec.categories],
          },
          {
            agent: agents.for(organisation),
            timeoutMs: ADAPTER_TIMEOUT_MS,
            traceparent: formatTraceparent(continueTrace(null)),
            limits: DEFAULT_LIMITS.adapterAnswer,
          },
        ),
      ),
    );
    for (const answer of answers) {
      if (!spec.categories.every((c) => (answer.categories[c]?.length ?? 0) > 0)) {
        throw new Error(`an adapter released nothing: ${JSON.stringify(answer)}`);
      }
    }
  };
  await timeConcurrent(level.warmup, level.concurrency, call);
  return timed(meter, level, call);
}
