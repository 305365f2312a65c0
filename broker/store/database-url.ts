/** Where a database URL points: a SQLite file, or a PostgreSQL server. */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string };

/**
 * Reads `sqlite:<file>`, `postgres://...` or `postgresql://...`: one parser for every
 * component that connects, so they cannot disagree on what a URL means.
 *
 * @example
 * parseDatabaseUrl('sqlite:.state/broker.sqlite'); // { dialect: 'sqlite', file: '.state/broker.sqlite' }
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { dialect: 'postgres', url };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === '') throw new TypeError('sqlite: URL needs a file path');
    return { dialect: 'sqlite', file };
  }
  throw new TypeError('database URL must start with sqlite:, postgres:// or postgresql://');
}
