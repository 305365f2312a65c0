import type { Tail } from '../lib/latency.ts';
import type { Machine } from '../lib/machine.ts';

/** Issue 10, point 8: every search by person, case or exchange id answers within this, p99. */
export const TARGET_P99_MS = 50;

export interface KindResult {
  readonly name: string;
  /** A search by person, case or exchange id: the target applies. */
  readonly targeted: boolean;
  readonly count: number;
  readonly meanRows: number;
  /** Milliseconds. */
  readonly tail: Tail;
  readonly plan: string;
}

export interface DatabaseResult {
  readonly label: string;
  /** Null where the trail was kept from an earlier run. */
  readonly fillPerSecond: number | null;
  readonly kinds: readonly KindResult[];
  readonly loadBefore: number;
  readonly loadAfter: number;
}

export interface SearchRun {
  readonly machine: Machine;
  readonly entries: number;
  readonly samples: number;
  readonly results: readonly DatabaseResult[];
}

const ms = (n: number) => n.toFixed(2);
const count = (n: number) => Math.round(n).toLocaleString('en-US');

function table(result: DatabaseResult): string {
  const rows = result.kinds.map(
    (k) =>
      `| ${k.name} | ${count(k.count)} | ${k.meanRows.toFixed(1)} | ${ms(k.tail.p50)} | ${ms(k.tail.p95)} | ${ms(k.tail.p99)} | ${ms(k.tail.max)} |`,
  );
  return [
    `### ${result.label}`,
    '',
    `Load average ${result.loadBefore.toFixed(2)} before the searches, ${result.loadAfter.toFixed(2)} after.${result.fillPerSecond === null ? '' : ` Filled at ${count(result.fillPerSecond)} entries/s.`}`,
    '',
    '| Search | Timed | Entries per page (mean) | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** The "Audit search" section of BENCHMARKS.md. */
export function renderSearchSection(run: SearchRun): string {
  const { machine } = run;
  const worst = Math.max(
    ...run.results.flatMap((r) => r.kinds.filter((k) => k.targeted).map((k) => k.tail.p99)),
  );
  return [
    '## Audit search',
    '',
    `The privacy officer's search (\`store.auditQueries.search\`, which \`GET /v1/audit/entries\` calls) over a trail of ${count(run.entries)} entries. Run with \`npm run bench:audit-search\` (bench/audit-search.ts; \`-- --entries N\` for another length).`,
    '',
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB memory, Node ${machine.node}; load average ${machine.loadAverage.toFixed(2)} at start`,
    '- Trail: 20,000 cases (twenty long-running ones with far more entries than most), 60,000 persons, 14 organisations, two years of `at`, appended through the chain as the broker does (hashed, verifiable). Of the events, 55% pulls (an entry per provider, 1 to 3 providers; per provider 70% allowed, 15% partly, 15% denied), 12% pushes (90% with a delivery entry), 13% `access.refused` (most naming a case that does not exist), 3% `audit.search`, the rest domain events.',
    `- Keys: ${count(run.samples)} entries picked uniformly from the trail; each search uses the sampled entry's person, case or exchange id, and a partner's scope is the sampled entry's requesting organisation (the OR over requester, provider and recipient). A later page starts just below the sampled entry (its cursor). Every search of a kind timed one after another after ${20} untimed, the database's pages in the OS cache.`,
    '- SQLite as the broker opens it (`openDatabase`: WAL, synchronous=FULL), no `ANALYZE`; PostgreSQL analysed after the fill, as autovacuum would.',
    '',
    ...run.results.flatMap((r) => [table(r), '']),
    `Target: p99 under ${TARGET_P99_MS} ms for every search by person, case or exchange id (worst p99: ${ms(worst)} ms; the two unfiltered searches at the end are shown for comparison, outside the target) — **${worst < TARGET_P99_MS ? 'met' : 'not met'}**.`,
  ].join('\n');
}
