import { parseDatabaseUrl } from '../../store/database-url.ts';
import { PostgresTrailReader } from './postgres-trail-reader.ts';
import { SqliteTrailReader } from './sqlite-trail-reader.ts';
import type { TrailReader } from './trail-reader.ts';

/** Opens the audit tables a database URL names for reading; never creates or migrates. */
export async function openTrailReader(databaseUrl: string): Promise<TrailReader> {
  const target = parseDatabaseUrl(databaseUrl);
  return target.dialect === 'postgres'
    ? PostgresTrailReader.connect(target.url)
    : new SqliteTrailReader(target.file);
}
