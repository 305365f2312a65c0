import type { SqlDialectName } from '../../store/sql-dialect-name.ts';
import { CANONICAL_PREFIXES, SORTED_HASHED_COLUMNS } from '../trail/entry-hash.ts';

/**
 * The entry's canonical JSON, spelled by the database: SQLite's json_quote and
 * PostgreSQL's to_json escape strings as JSON.stringify does, so the verifier reads one
 * text column per entry instead of twenty-four and only hashes it. Where the two could
 * ever disagree, the verifier recomputes that entry from its columns before it reports.
 * One concat() rather than a chain of `||`, which copies the growing text once per
 * column: on SQLite that was a fifth of the time to read an entry.
 */
export function canonicalEntrySql(dialect: SqlDialectName): string {
  const parts = SORTED_HASHED_COLUMNS.map((column, i) => {
    const prefix = `'${CANONICAL_PREFIXES[i] as string}'`;
    const name = `"${column}"`;
    if (column === 'seq') return `${prefix}, ${name}`;
    return dialect === 'postgres'
      ? `${prefix}, coalesce(to_json(${name})::text, 'null')`
      : `${prefix}, json_quote(${name})`;
  });
  return `concat(${parts.join(', ')}, '}')`;
}
