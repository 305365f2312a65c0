import type { SqlDialectName } from '../../store/sql-dialect-name.ts';
import {
  ADDED_COLUMNS,
  CANONICAL_PREFIXES,
  CONTENT_COLUMNS,
  SORTED_HASHED_COLUMNS,
  SUBJECT_COLUMNS,
} from '../trail/entry-hash.ts';

/**
 * The entry's canonical JSON, spelled by the database: SQLite's json_quote and
 * PostgreSQL's to_json escape strings as JSON.stringify does, so the verifier reads one
 * text column per entry instead of twenty-four and only hashes it. Where the two could
 * ever disagree, the verifier recomputes that entry from its columns before it reports.
 * One concat() rather than a chain of `||`, which copies the growing text once per
 * column: on SQLite that was a fifth of the time to read an entry. An added column that
 * is null is left out, as entryHash leaves it out, and so is the subject where its digest
 * stands in for it (with the categories from subject version 2 on).
 */
export function canonicalEntrySql(dialect: SqlDialectName): string {
  const parts = SORTED_HASHED_COLUMNS.map((column, i) => {
    const prefix = `'${CANONICAL_PREFIXES[i] as string}'`;
    const name = `"${column}"`;
    if (column === 'seq') return `${prefix}, ${name}`;
    const json =
      dialect === 'postgres' ? `coalesce(to_json(${name})::text, 'null')` : `json_quote(${name})`;
    if (CONTENT_COLUMNS.has(column)) {
      const absent = ADDED_COLUMNS.has(column) ? ` OR ${name} IS NULL` : '';
      return `CASE WHEN "subject_version" IS NOT NULL${absent} THEN '' ELSE concat(${prefix}, ${json}) END`;
    }
    if (ADDED_COLUMNS.has(column)) {
      return `CASE WHEN ${name} IS NULL THEN '' ELSE concat(${prefix}, ${json}) END`;
    }
    if (SUBJECT_COLUMNS.has(column)) {
      return `CASE WHEN "subject_sha256" IS NULL THEN concat(${prefix}, ${json}) ELSE '' END`;
    }
    return `${prefix}, ${json}`;
  });
  return `concat(${parts.join(', ')}, '}')`;
}

/**
 * An entry's subject with its salt as canonical JSON, spelled by the database as
 * subjectJson spells it (of either version), and its stored digest and erasure time: `'', null, null` for an
 * entry whose subject is hashed in the chain itself.
 */
export function subjectColumnsSql(dialect: SqlDialectName): string {
  const json = (name: string) =>
    dialect === 'postgres' ? `coalesce(to_json("${name}")::text, 'null')` : `json_quote("${name}")`;
  const keys = (names: readonly string[]) =>
    names.map((name, i) => `'${i === 0 ? '{' : ','}"${name}":', ${json(name)}`).join(', ');
  const subject = `concat(${keys(['case_id', 'details', 'person_pseudonym'])}, ',"salt":', ${json('subject_salt')}, '}')`;
  const content = `concat(${keys(['case_id', 'categories', 'details', 'dropped_fields', 'fields', 'grounds', 'person_pseudonym', 'reason_details', 'requested_categories'])}, ',"salt":', ${json('subject_salt')}, '}')`;
  return `CASE WHEN "subject_sha256" IS NULL THEN '' WHEN "subject_version" IS NULL THEN ${subject} ELSE ${content} END, "subject_sha256", "erased_at"`;
}
