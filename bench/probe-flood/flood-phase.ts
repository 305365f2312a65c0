import type { PartnerClient } from '../../adapters/partner-client/partner-client.ts';
import { type CpuMeter, type CpuShares, spent } from '../exchange/cpu-meter.ts';

/** Requests another client sends meanwhile, each with an assertion signed ahead. */
export interface Flood {
  readonly count: number;
  /** At most this many in flight. */
  readonly concurrency: number;
  /** Requests started per second, on a fixed schedule; 0 for as fast as they are answered. */
  readonly perSecond: number;
  readonly assertions: readonly string[];
  /** The path of request `i`; a GET. */
  path(i: number): string;
  /** The answers a request of the flood may get. */
  readonly expectStatus: readonly number[];
  readonly client: PartnerClient;
}

/** What ends a phase: a flood once all its requests are answered, or a fixed time. */
export type PhaseEnd = { readonly flood: Flood } | { readonly milliseconds: number };

/** The pulls of one phase, in milliseconds each, and how long it lasted. */
export interface PhaseResult {
  readonly pullMs: readonly number[];
  readonly seconds: number;
  readonly floodRequests: number;
  readonly cpu: CpuShares;
}

async function sendFlood(flood: Flood, start: number): Promise<void> {
  let sent = 0;
  const sender = async () => {
    while (sent < flood.count) {
      const i = sent++;
      if (flood.perSecond > 0) {
        const due = start + (i * 1000) / flood.perSecond - performance.now();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      }
      const answer = await flood.client.requestWith(
        flood.assertions[i] ?? '',
        'GET',
        flood.path(i),
      );
      if (!flood.expectStatus.includes(answer.status)) {
        throw new Error(`flood request answered ${answer.status}: ${answer.body}`);
      }
    }
  };
  await Promise.all(Array.from({ length: flood.concurrency }, sender));
}

/**
 * Pulls in a closed loop (`concurrency` in flight) until the phase ends or `assertions`
 * run out. Only pulls that finished inside the phase count, so a flood phase's figures
 * are the pulls' while the flood went on.
 */
export async function runPhase(
  pull: (assertion: string) => Promise<void>,
  assertions: readonly string[],
  concurrency: number,
  meter: CpuMeter,
  end: PhaseEnd,
): Promise<PhaseResult> {
  const pullMs: number[] = [];
  let over = false;
  let next = 0;
  const from = meter.read();
  const start = performance.now();
  const puller = async () => {
    while (!over && next < assertions.length) {
      const assertion = assertions[next++] as string;
      const before = performance.now();
      await pull(assertion);
      if (!over) pullMs.push(performance.now() - before);
    }
  };
  const ending = (
    'flood' in end
      ? sendFlood(end.flood, start)
      : new Promise<void>((resolve) => setTimeout(resolve, end.milliseconds))
  ).then(() => {
    over = true;
    return performance.now();
  });
  const pulling = Promise.all(Array.from({ length: concurrency }, puller)).then(() =>
    performance.now(),
  );
  const [endedAt, pulledUntil] = await Promise.all([ending, pulling]);
  return {
    pullMs,
    // Pulls that ran out of assertions before the end leave the rest of the phase unmeasured.
    seconds: (Math.min(endedAt, pulledUntil) - start) / 1000,
    floodRequests: 'flood' in end ? end.flood.count : 0,
    cpu: spent(from, meter.read()),
  };
}
