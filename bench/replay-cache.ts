/**
 * Replay cache benchmark (issue 15, point 5), run on demand with `npm run bench:replay`:
 * durable assertion claims per second, one at a time (a commit per claim, as a lone
 * request pays it) and many in flight (sharing commits, as concurrent requests do), with
 * the claim's latency and the event loop's delay; and the same for a partner that already
 * holds most of its quota, whose every claim counts its live claims, and for one at its
 * quota, whose claims are all refused. On SQLite, and on PostgreSQL too when
 * ZVH_TEST_POSTGRES_URL is set. Prints the figures.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { ReplayCacheFullError } from '../broker/errors/broker-error.ts';
import { DEFAULT_REPLAY_QUOTA, StoredReplayCache } from '../broker/identity/replay-cache.ts';
import { openDatabase } from '../broker/store/open-database.ts';
import { describeMachine } from './lib/machine.ts';

const SEQUENTIAL_CLAIMS = 500;
const CONCURRENT_CLAIMS = 20_000;
const IN_FLIGHT = 256;
const FILL_BATCH = 5_000;

interface Run {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly loopDelayP99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Times `count` claims of fresh ids, each of which must come to `expected`. */
async function timeClaims(
  cache: StoredReplayCache,
  organisation: string,
  count: number,
  inFlight: number,
  expected: 'claimed' | 'refused' = 'claimed',
): Promise<Run> {
  const until = new Date(Date.now() + 5 * 60_000);
  const latencies: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const from = performance.now();
      const outcome = await cache
        .claim(organisation, randomBytes(16).toString('hex'), until, new Date())
        .then(
          (claimed) => (claimed ? 'claimed' : 'replayed'),
          (error: unknown) => (error instanceof ReplayCacheFullError ? 'refused' : error),
        );
      if (outcome !== expected) throw new Error(`a fresh id came to ${String(outcome)}`);
      latencies.push(performance.now() - from);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: count / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    loopDelayP99Ms: loop.percentile(99) / 1e6,
  };
}

async function measure(label: string, url: string): Promise<void> {
  const { db } = await openDatabase(url);
  const cache = new StoredReplayCache(db, { quotaPerPartner: DEFAULT_REPLAY_QUOTA });
  try {
    const quiet = {
      sequential: await timeClaims(cache, 'politie-cn', SEQUENTIAL_CLAIMS, 1),
      concurrent: await timeClaims(cache, 'jeugdzorg-cn', CONCURRENT_CLAIMS, IN_FLIGHT),
    };
    // A partner near its quota: every claim counts its live claims in the index.
    const held = DEFAULT_REPLAY_QUOTA - SEQUENTIAL_CLAIMS - CONCURRENT_CLAIMS / 20;
    const until = new Date(Date.now() + 5 * 60_000).toISOString();
    for (let n = 0; n < held; n += FILL_BATCH) {
      const rows = Array.from({ length: Math.min(FILL_BATCH, held - n) }, (_, i) => ({
        organisation: 'sgb',
        assertion_id: `held-${n + i}`,
        expires_at: until,
      }));
      await db.insertInto('assertion_claims').values(rows).execute();
    }
    const full = {
      sequential: await timeClaims(cache, 'sgb', SEQUENTIAL_CLAIMS, 1),
      concurrent: await timeClaims(cache, 'sgb', CONCURRENT_CLAIMS / 20, IN_FLIGHT),
    };
    const flood = {
      sequential: await timeClaims(cache, 'sgb', SEQUENTIAL_CLAIMS, 1, 'refused'),
      concurrent: await timeClaims(cache, 'sgb', CONCURRENT_CLAIMS, IN_FLIGHT, 'refused'),
    };
    const round = (n: number) => Math.round(n).toLocaleString('en-US');
    const line = (name: string, run: Run) =>
      console.log(
        `  ${name.padEnd(44)} ${round(run.perSecond).padStart(7)}/s  p50 ${run.p50Ms.toFixed(2)} ms  p99 ${run.p99Ms.toFixed(2)} ms  event-loop delay p99 ${run.loopDelayP99Ms.toFixed(2)} ms`,
      );
    console.log(`\n${label}`);
    line('claims, one at a time', quiet.sequential);
    line(`claims, ${IN_FLIGHT} in flight`, quiet.concurrent);
    line(`claims near the quota (${round(held)} live), one at a time`, full.sequential);
    line(`claims near the quota, ${IN_FLIGHT} in flight`, full.concurrent);
    line('claims at the quota (refused), one at a time', flood.sequential);
    line(`claims at the quota (refused), ${IN_FLIGHT} in flight`, flood.concurrent);
  } finally {
    await cache.close();
    await db.destroy();
  }
}

const machine = describeMachine();
console.log(
  `replay cache benchmark on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.node}, ${machine.date}, load average ${machine.loadAverage.toFixed(2)} at start`,
);
const dir = mkdtempSync(join(tmpdir(), 'zvh-bench-replay-'));
try {
  await measure('SQLite (WAL, synchronous=FULL)', `sqlite:${join(dir, 'replay.sqlite')}`);
  const postgresUrl = process.env.ZVH_TEST_POSTGRES_URL;
  if (postgresUrl !== undefined && postgresUrl !== '') {
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const url = new URL(postgresUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      await measure('PostgreSQL', url.toString());
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true });
}
