/**
 * Audit search benchmark (issue 10, point 8), run on demand with `npm run bench:audit-search`
 * (`-- --entries N`, default 1,000,000): the privacy officer's searches by person, case and
 * exchange id, in the network's and a partner's scope, over a trail of N realistic entries,
 * on SQLite as the broker opens it and on PostgreSQL when ZVH_TEST_POSTGRES_URL is set.
 * Prints p50/p95/p99/max and each search's plan, and writes the "Audit search" section of
 * BENCHMARKS.md. `--keep DIR` keeps the filled trails (SQLite file in DIR, PostgreSQL schema
 * named after N) for the next run, since filling a million entries takes minutes.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { entrySearchQuery, searchEntries } from '../broker/audit/search/entry-search.ts';
import { openDatabase } from '../broker/store/open-database.ts';
import { type PlanReader, postgresPlan, sqlitePlan } from './audit-search/query-plan.ts';
import {
  type DatabaseResult,
  type KindResult,
  renderSearchSection,
  TARGET_P99_MS,
} from './audit-search/report.ts';
import { BROWSE_KINDS, SEARCH_KINDS, sampleEntries } from './audit-search/search-kinds.ts';
import { fillTrail, seededRandom } from './audit-search/synthetic-trail.ts';
import { writeSection } from './lib/benchmarks-md.ts';
import { tailOf } from './lib/latency.ts';
import { describeMachine } from './lib/machine.ts';
import { benchPostgresUrl, inPostgresSchema } from './lib/postgres-schema.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WARMUP = 20;

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '400' },
    keep: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const ENTRIES = Number(values.entries);
const SAMPLES = Number(values.samples);
if (!Number.isInteger(ENTRIES) || ENTRIES < 10_000 || ENTRIES > 20_000_000) {
  throw new TypeError('--entries must be an integer from 10,000 to 20,000,000');
}
if (!Number.isInteger(SAMPLES) || SAMPLES < 50 || SAMPLES > 100_000) {
  throw new TypeError('--samples must be an integer from 50 to 100,000');
}

function load(): number {
  return loadavg()[0] ?? 0;
}

async function measure(label: string, url: string, plan: PlanReader): Promise<DatabaseResult> {
  const { db, dialect } = await openDatabase(url);
  try {
    const { count } = await db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    let fillPerSecond: number | null = null;
    if (Number(count) === 0) {
      const started = performance.now();
      let shown = 0;
      await fillTrail(db, ENTRIES, (done) => {
        if (done - shown >= 100_000 || done === ENTRIES) {
          shown = done;
          process.stdout.write(`\r${label}: ${done.toLocaleString('en-US')} entries`);
        }
      });
      fillPerSecond = ENTRIES / ((performance.now() - started) / 1000);
      process.stdout.write(` (${Math.round(fillPerSecond).toLocaleString('en-US')}/s)\n`);
      // What autovacuum would do soon after a bulk load; without it the first plans guess.
      if (dialect === 'postgres') await sql`ANALYZE audit_entries`.execute(db);
    } else if (Number(count) !== ENTRIES) {
      throw new Error(`${label}: the kept trail holds ${count} entries, not ${ENTRIES}`);
    }
    const samples = await sampleEntries(db, ENTRIES, SAMPLES, seededRandom(7));
    const loadBefore = load();
    const kinds: KindResult[] = [];
    for (const kind of [...SEARCH_KINDS, ...BROWSE_KINDS]) {
      const searches = samples.flatMap((sample) => kind.build(sample) ?? []);
      for (const search of searches.slice(0, WARMUP)) await searchEntries(db, search);
      const times = new Float64Array(searches.length);
      let rows = 0;
      for (const [i, search] of searches.entries()) {
        const before = process.hrtime.bigint();
        const page = await searchEntries(db, search);
        times[i] = Number(process.hrtime.bigint() - before) / 1e6;
        rows += page.entries.length;
      }
      const first = searches[0];
      const result: KindResult = {
        name: kind.name,
        targeted: SEARCH_KINDS.includes(kind),
        count: searches.length,
        meanRows: rows / searches.length,
        tail: tailOf(times),
        plan: first === undefined ? '' : await plan(entrySearchQuery(db, first).compile()),
      };
      kinds.push(result);
      const { p50, p95, p99, max } = result.tail;
      console.log(
        `${label} | ${kind.name}: ${searches.length} searches, ${result.meanRows.toFixed(1)} rows/page, p50 ${p50.toFixed(2)} p95 ${p95.toFixed(2)} p99 ${p99.toFixed(2)} max ${max.toFixed(2)} ms`,
      );
      console.log(`  plan: ${result.plan}`);
    }
    return { label, fillPerSecond, kinds, loadBefore, loadAfter: load() };
  } finally {
    await db.destroy();
  }
}

const machine = describeMachine();
console.log(
  `audit search benchmark, ${ENTRIES.toLocaleString('en-US')} entries, on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.node}, ${machine.date}, load average ${machine.loadAverage.toFixed(2)} at start`,
);
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'zvh-bench-audit-search-'));
mkdirSync(dir, { recursive: true });
const results: DatabaseResult[] = [];
try {
  const file = join(dir, `audit-search-${ENTRIES}.sqlite`);
  const kept = existsSync(file);
  results.push(await measure('SQLite (WAL, synchronous=FULL)', `sqlite:${file}`, sqlitePlan(file)));
  console.log(
    `SQLite file: ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB${kept ? ' (kept from an earlier run)' : ''}`,
  );
  const postgresUrl = benchPostgresUrl();
  if (postgresUrl !== undefined) {
    results.push(
      await inPostgresSchema(
        postgresUrl,
        (url) => measure('PostgreSQL', url, postgresPlan(url)),
        values.keep === undefined ? undefined : `bench_audit_search_${ENTRIES}`,
      ),
    );
  }
} finally {
  if (values.keep === undefined) rmSync(dir, { recursive: true });
}
const section = renderSearchSection({ machine, entries: ENTRIES, samples: SAMPLES, results });
console.log(`\n${section}`);
if (!values['no-write']) {
  await writeSection(join(ROOT, 'BENCHMARKS.md'), 'audit-search-bench', section);
  console.log('BENCHMARKS.md: section "Audit search" updated');
}
if (results.some((r) => r.kinds.some((k) => k.targeted && k.tail.p99 >= TARGET_P99_MS))) {
  console.error(`audit search bench: a p99 of ${TARGET_P99_MS} ms or more (see above)`);
  process.exitCode = 1;
}
