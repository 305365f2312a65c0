import { existsSync } from 'node:fs';
import { UsageError } from './cli-io.ts';

/**
 * The database a flag or the configuration names, as a URL. A bare path is a SQLite file,
 * which must exist: an audit command must not create an empty trail where none was.
 */
export function existingDatabaseUrl(value: string): string {
  if (/^postgres(ql)?:\/\//.test(value)) return value;
  const file = value.startsWith('sqlite:') ? value.slice('sqlite:'.length) : value;
  if (file === '' || !existsSync(file)) throw new UsageError(`no SQLite database at ${file}`);
  return `sqlite:${file}`;
}
