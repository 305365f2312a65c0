import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.ts';
import type { AuditReceipt, AuditRecord } from './audit-record.ts';
import { entryColumns } from './entry-columns.ts';
import { ADDED_COLUMNS, entryHash, type HashedColumns } from './entry-hash.ts';

/** Rows per INSERT: 24 columns each stays far below SQLite's and PostgreSQL's bind limits. */
const ROWS_PER_INSERT = 500;

/**
 * Appends records to the chain inside the caller's transaction, so that they commit
 * with it or not at all. Touching the head row first takes its lock (a row lock on
 * PostgreSQL, the single connection on SQLite): a second appender waits for this
 * transaction and then builds on its head, so the chain never forks.
 *
 * @example
 * await db.transaction().execute((trx) => appendToChain(trx, [record], new Date()));
 */
export async function appendToChain(
  trx: Kysely<Database>,
  records: readonly AuditRecord[],
  now: Date,
  options: { readonly subjectApart?: boolean } = {},
): Promise<AuditReceipt[]> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const rows = records.map((record) => {
    seq += 1;
    const columns = entryColumns(record, record.at ?? now, seq, prevHash, options.subjectApart);
    prevHash = entryHash(columns);
    return { ...withoutEmptyAddedColumns(columns), hash: prevHash };
  });
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await trx
      .insertInto('audit_entries')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .execute();
  }
  await trx.updateTable('audit_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
  return rows.map((row) => ({ seq: row.seq, hash: row.hash }));
}

/**
 * An added column left empty is left out of the INSERT: the migration that moves the
 * domain events into the chain runs before those columns exist.
 */
function withoutEmptyAddedColumns(columns: HashedColumns): HashedColumns {
  const row: Partial<HashedColumns> = { ...columns };
  for (const column of [...ADDED_COLUMNS, 'subject_salt'] as const) {
    if (row[column] === null) delete row[column];
  }
  return row as HashedColumns;
}
