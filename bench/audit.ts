/**
 * Audit trail benchmark (issue 5, point 7), run on demand with `npm run bench:audit`:
 * durable appends per second (one at a time, and many in flight as concurrent exchanges
 * make them) and verification entries per second over a 200k-entry trail (`-- --entries N`
 * for another length). On SQLite, and on PostgreSQL too when ZVH_TEST_POSTGRES_URL is set.
 * Prints the figures.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkpointKeyPaths,
  ensureCheckpointKey,
} from '../broker/audit/checkpoints/checkpoint-key.ts';
import { Checkpointer } from '../broker/audit/checkpoints/checkpointer.ts';
import type { AuditRecord } from '../broker/audit/trail/audit-record.ts';
import { AuditTrail } from '../broker/audit/trail/audit-trail.ts';
import { appendToChain } from '../broker/audit/trail/chain-append.ts';
import { TrailVocabulary } from '../broker/audit/trail/trail-vocabulary.ts';
import { verifyAuditTrail } from '../broker/audit/verification/chain-verifier.ts';
import { covenantVocabularies } from '../broker/policy/covenant-vocabulary.ts';
import { readPolicyBundle } from '../broker/policy/policy-bundle.ts';
import { openDatabase } from '../broker/store/open-database.ts';
import { describeMachine } from './lib/machine.ts';
import { benchPostgresUrl, inPostgresSchema } from './lib/postgres-schema.ts';

const SEQUENTIAL_APPENDS = 300;
const CONCURRENT_APPENDS = 20_000;
const IN_FLIGHT = 256;
const VERIFY_RUNS = 3;
const FILL_BATCH = 5_000;
const VERIFY_TARGET = 500_000;

const { values } = parseArgs({ options: { entries: { type: 'string', default: '200000' } } });
const VERIFY_ENTRIES = Number(values.entries);
if (!Number.isInteger(VERIFY_ENTRIES) || VERIFY_ENTRIES < SEQUENTIAL_APPENDS + CONCURRENT_APPENDS) {
  throw new TypeError(
    `--entries must be an integer of at least ${SEQUENTIAL_APPENDS + CONCURRENT_APPENDS}`,
  );
}

function record(n: number): AuditRecord {
  return {
    type: 'exchange.pull',
    network: 'bonaire',
    requester: { organisation: 'jeugdzorg-cn', user: `medewerker-${n % 40}` },
    provider: 'politie-cn',
    caseId: `c-${n % 997}`,
    personPseudonym: `p-${n % 4999}`,
    purpose: 'case_meeting',
    grounds: { police_incidents: { type: 'consent', id: `consent-${n % 500}` } },
    categories: ['police_incidents', 'police_reports'],
    fields: [
      'police_incidents.incident_date',
      'police_incidents.incident_type',
      'police_reports.report_date',
    ],
    payloadSha256: 'ab'.repeat(32),
    decision: 'allow',
    reasons: [],
    policyRevision: 'b1946ac92492d2347c6235b4d2611184',
    requestId: `req-${n}`,
    exchangeId: `ex-${n}`,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  };
}

async function measure(label: string, url: string, stateDir: string): Promise<void> {
  const { db } = await openDatabase(url);
  const bundle = await readPolicyBundle('policies/bundle');
  const trail = new AuditTrail(
    db,
    new TrailVocabulary(covenantVocabularies(bundle.data), randomBytes(32)),
  );
  try {
    let started = performance.now();
    for (let n = 0; n < SEQUENTIAL_APPENDS; n++) await trail.append(record(n));
    const sequential = SEQUENTIAL_APPENDS / ((performance.now() - started) / 1000);

    started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < CONCURRENT_APPENDS) await trail.append(record(next++));
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const concurrent = CONCURRENT_APPENDS / ((performance.now() - started) / 1000);

    const have = SEQUENTIAL_APPENDS + CONCURRENT_APPENDS;
    for (let n = have; n < VERIFY_ENTRIES; n += FILL_BATCH) {
      const count = Math.min(FILL_BATCH, VERIFY_ENTRIES - n);
      const records = Array.from({ length: count }, (_, i) => record(n + i));
      await db.transaction().execute((trx) => appendToChain(trx, records, new Date()));
    }
    const key = await ensureCheckpointKey(checkpointKeyPaths(stateDir, label));
    await new Checkpointer(db).checkpoint(key);

    const rates: number[] = [];
    for (let run = 0; run < VERIFY_RUNS; run++) {
      started = performance.now();
      const report = await verifyAuditTrail(url, key.publicKey);
      const seconds = (performance.now() - started) / 1000;
      if (!report.intact || report.entries !== VERIFY_ENTRIES) {
        throw new Error(`${label}: the benchmark trail does not verify`);
      }
      rates.push(report.entries / seconds);
    }
    rates.sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)] ?? 0;
    const round = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`\n${label}`);
    console.log(`  durable appends, one at a time:      ${round(sequential)}/s`);
    console.log(`  durable appends, ${IN_FLIGHT} in flight:      ${round(concurrent)}/s`);
    console.log(
      `  verification over ${round(VERIFY_ENTRIES)} entries: ${round(median)} entries/s (median of ${VERIFY_RUNS}; target ${round(VERIFY_TARGET)}: ${median >= VERIFY_TARGET ? 'met' : 'NOT met'}; load average ${loadavg()[0]?.toFixed(2)} after)`,
    );
  } finally {
    await trail.close();
    await db.destroy();
  }
}

const machine = describeMachine();
console.log(
  `audit trail benchmark on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.node}, ${machine.date}, load average ${machine.loadAverage.toFixed(2)} at start`,
);
const dir = mkdtempSync(join(tmpdir(), 'zvh-bench-audit-'));
try {
  await measure('SQLite (WAL, synchronous=FULL)', `sqlite:${join(dir, 'audit.sqlite')}`, dir);
  const postgresUrl = benchPostgresUrl();
  if (postgresUrl !== undefined) {
    await inPostgresSchema(postgresUrl, (url) => measure('PostgreSQL', url, dir));
  }
} finally {
  rmSync(dir, { recursive: true });
}
