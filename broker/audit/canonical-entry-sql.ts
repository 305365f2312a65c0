import { type RawBuilder, sql } from 'kysely';
import type { SqlDialectName } from '../store/sql-dialect-name.ts';
import { CANONICAL_PREFIXES, SORTED_HASHED_COLUMNS } from './entry-hash.ts';

/**
 * The entry's canonical JSON, spelled by the database: SQLite's json_quote and
 * PostgreSQL's to_json escape strings as JSON.stringify does, so the verifier reads one
 * text column per entry instead of twenty-four and only hashes it. Where the two could
 * ever disagree, the verifier recomputes that entry from its columns before it reports.
 */
export function canonicalEntrySql(dialect: SqlDialectName): RawBuilder<string> {
  const parts = SORTED_HASHED_COLUMNS.map((column, i) => {
    const prefix = sql.lit(CANONICAL_PREFIXES[i] as string);
    const name = sql.ref(column);
    if (column === 'seq') return sql`${prefix} || ${name}`;
    return dialect === 'postgres'
      ? sql`${prefix} || coalesce(to_json(${name})::text, 'null')`
      : sql`${prefix} || json_quote(${name})`;
  });
  return sql<string>`${sql.join(parts, sql` || `)} || '}'`;
}
