import type { EntryRecord } from '../audit-queries.ts';
import type { AuditEntryView } from '../search/audit-entry-view.ts';
import { cell, textTable } from './text-table.ts';

/**
 * Entries as a table, one line each: who asked whom for what, and what came of it. The
 * person shows as nothing at all here (the pseudonym is in `--json`): a table is read on
 * screens and pasted into mails.
 */
export function entryTable(entries: readonly AuditEntryView[]): string[] {
  return textTable(
    [
      'seq',
      'at',
      'type',
      'requester',
      'provider',
      'recipient',
      'case',
      'purpose',
      'decision',
      'reasons',
    ],
    entries.map((entry) => [
      String(entry.seq),
      entry.at,
      entry.type,
      requesterOf(entry),
      cell(entry.provider),
      cell(entry.recipient),
      cell(entry.caseId),
      cell(entry.purpose),
      cell(entry.decision),
      reasonsOf(entry),
    ]),
  );
}

/** One entry in full, a `name: value` line per fact, and its place in the chain. */
export function entryDetailLines(record: EntryRecord): string[] {
  const { entry } = record;
  const list = (values: readonly string[] | null) =>
    values === null ? '-' : values.length === 0 ? '(none)' : values.join(', ');
  const facts: [string, string][] = [
    ['seq', String(entry.seq)],
    ['at', entry.at],
    ['type', entry.type],
    ['network', entry.network],
    ['requester', requesterOf(entry)],
    ['provider', cell(entry.provider)],
    ['recipient', cell(entry.recipient)],
    ['case', cell(entry.caseId)],
    ['person', entry.personPseudonym === null ? '-' : `pseudonym ${entry.personPseudonym}`],
    ['purpose', cell(entry.purpose)],
    ['requested', list(entry.requestedCategories)],
    ['released', list(entry.releasedCategories)],
    ['fields', list(entry.fields)],
    ['dropped fields', list(entry.droppedFields)],
    ['decision', cell(entry.decision)],
    ['reasons', reasonsOf(entry)],
    ...entry.outcomes.map((o): [string, string] => [
      `  ${o.category}`,
      `${o.outcome}${o.codes.length === 0 ? '' : ` (${o.codes.join(', ')})`}`,
    ]),
    [
      'grounds',
      Object.entries(entry.grounds)
        .map(([category, ground]) => `${category}: ${ground.type} ${ground.id}`)
        .join('; ') || '-',
    ],
    ['policy revision', cell(entry.policyRevision)],
    ['request', cell(entry.requestId)],
    ['exchange', cell(entry.exchangeId)],
    ['traceparent', cell(entry.traceparent)],
    ['details', Object.keys(entry.details).length === 0 ? '-' : JSON.stringify(entry.details)],
    ['erased', entry.erasedAt === null ? '-' : `${entry.erasedAt}, its retention past`],
    ['hash', entry.hash],
    ['previous hash', entry.prevHash],
    [
      'signed by',
      record.coveredBy === null
        ? 'no checkpoint yet'
        : `checkpoint ${record.coveredBy.seq} of ${record.coveredBy.at}`,
    ],
  ];
  const width = Math.max(...facts.map(([name]) => name.length));
  return facts.map(([name, value]) => `${`${name}:`.padEnd(width + 1)} ${value}`);
}

function requesterOf(entry: AuditEntryView): string {
  const { requester } = entry;
  if (requester === null) return '-';
  const user = requester.user === null ? '' : ` ${requester.user}`;
  const role = requester.role === null ? '' : ` (${requester.role})`;
  return `${requester.organisation}${user}${role}`;
}

function reasonsOf(entry: AuditEntryView): string {
  const codes = entry.reasons.map((r) =>
    r.category === undefined ? r.code : `${r.category}:${r.code}`,
  );
  const refused = entry.type === 'access.refused' ? entry.details.code : undefined;
  const all = typeof refused === 'string' && !codes.includes(refused) ? [...codes, refused] : codes;
  return all.length === 0 ? '-' : all.join(', ');
}
