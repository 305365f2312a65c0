import type { AuditEntryView } from '../search/audit-entry-view.ts';

/**
 * Entries as JSON Lines (`application/jsonl`, `.jsonl`): one entry's view a line, in the
 * order given, streamed. The view holds names, codes and digests only, never values.
 *
 * @example
 * for await (const line of entriesAsJsonLines(periodEntries(db, query))) out.write(line);
 */
export async function* entriesAsJsonLines(
  entries: AsyncIterable<AuditEntryView>,
): AsyncGenerator<string> {
  for await (const entry of entries) yield `${JSON.stringify(entry)}\n`;
}
