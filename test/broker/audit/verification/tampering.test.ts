import { expect, it } from 'vitest';
import { entryHash, subjectHash } from '../../../../broker/audit/trail/entry-hash.ts';
import type { VerificationReport } from '../../../../broker/audit/verification/verification-report.ts';
import {
  auditCliProcess,
  useTamperableTrail,
  verifyAt,
  withDatabase,
} from '../../../support/audit.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';

describeOnEveryDatabase('tampering with the stored audit trail', (ctx, dialect) => {
  const trail = useTamperableTrail(ctx, dialect, 20);
  const verifyFromCli = () =>
    auditCliProcess(['verify', '--database', ctx.url, '--key', trail.keys.paths.publicKey]);

  const expectNamed = async (report: VerificationReport, seq: number, kind: string) => {
    expect(report.intact).toBe(false);
    expect(report.firstBreak).toEqual({ seq, kind });
    const cli = await verifyFromCli();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`entry ${seq} was ${kind}`);
  };

  it('verifies the untouched trail, also from the command line', async () => {
    expect((await verifyAt(ctx.url, trail.keys.key)).intact).toBe(true);
    const cli = await verifyFromCli();
    expect(cli).toMatchObject({ code: 0 });
    expect(cli.stdout).toMatch(/^audit trail intact: \d+ entries, 1 signed checkpoint \(/);
  });

  it('names an entry whose field was altered', async () => {
    await ctx.execute(
      `UPDATE audit_entries SET fields = '["police_incidents.incident_date","police_incidents.summary"]'
       WHERE seq IN (${trail.base + 7}, ${trail.base + 12})`,
    );
    await expectNamed(await verifyAt(ctx.url, trail.keys.key), trail.base + 7, 'altered');
  });

  it('names an entry whose case or person was changed, though the chain hashes only their digest', async () => {
    await ctx.execute(
      `UPDATE audit_entries SET person_pseudonym = 'someone-else' WHERE seq = ${trail.base + 5}`,
    );
    await expectNamed(await verifyAt(ctx.url, trail.keys.key), trail.base + 5, 'altered');
  });

  const ERASED_CATEGORIES = `categories = '[]', fields = '[]', dropped_fields = '[]', grounds = '{}',
    requested_categories = NULL, reason_details = NULL`;
  const erase = (seq: number, salt: string, categories = ERASED_CATEGORIES) =>
    ctx.execute(
      `UPDATE audit_entries SET case_id = NULL, person_pseudonym = NULL, details = '{}',
       subject_salt = ${salt}, ${categories}, erased_at = '2027-06-15T10:00:00.000Z'
       WHERE seq = ${seq}`,
    );

  it('counts an entry whose subject and categories were erased as erased, and one half erased as altered', async () => {
    await erase(trail.base + 3, 'NULL');
    const report = await verifyAt(ctx.url, trail.keys.key);
    expect(report).toMatchObject({ intact: true, erased: 1 });
    const cli = await verifyFromCli();
    expect(cli).toMatchObject({ code: 0 });
    expect(cli.stdout).toContain('(1 with their subject erased)');
    await erase(trail.base + 8, "'kept-salt'");
    await expectNamed(await verifyAt(ctx.url, trail.keys.key), trail.base + 8, 'altered');
  });

  it('names an entry erased but for its categories as altered', async () => {
    await erase(trail.base + 6, 'NULL', "fields = '[]'");
    await expectNamed(await verifyAt(ctx.url, trail.keys.key), trail.base + 6, 'altered');
  });

  it('verifies a trail written before the categories were held apart, erased as it was then', async () => {
    // Every entry as the release before migration 0013 wrote it: subject version 1, the
    // categories in the chain itself, and a checkpoint over that chain.
    await withDatabase(ctx.url, async (db) => {
      const rows = await db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();
      let prev = rows[0]!.prev_hash;
      for (const row of rows) {
        const { hash: _old, erased_at: _erased, ...columns } = row;
        const seq = Number(columns.seq);
        const v1 = { ...columns, seq, prev_hash: prev, subject_version: null };
        const subject_sha256 = v1.subject_sha256 === null ? null : subjectHash(v1);
        prev = entryHash({ ...v1, subject_sha256 });
        await db
          .updateTable('audit_entries')
          .set({ subject_version: null, subject_sha256, prev_hash: v1.prev_hash, hash: prev })
          .where('seq', '=', seq)
          .execute();
      }
      await db.updateTable('audit_head').set({ hash: prev }).execute();
      await db.deleteFrom('audit_checkpoints').execute();
    });
    await ctx.store.checkpoints.checkpoint(trail.keys.key);
    expect(await verifyAt(ctx.url, trail.keys.key)).toMatchObject({ intact: true, erased: 0 });
    await erase(trail.base + 3, 'NULL', 'fields = fields');
    expect(await verifyAt(ctx.url, trail.keys.key)).toMatchObject({ intact: true, erased: 1 });
    await erase(trail.base + 8, 'NULL');
    await expectNamed(await verifyAt(ctx.url, trail.keys.key), trail.base + 8, 'altered');
  });

  it('names an altered entry even when its hash was recomputed to hide it', async () => {
    const seq = trail.base + 9;
    await withDatabase(ctx.url, async (db) => {
      const row = await db
        .selectFrom('audit_entries')
        .selectAll()
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();
      const { hash: _old, ...columns } = row;
      const forged = { ...columns, seq, decision: 'deny' };
      await db
        .updateTable('audit_entries')
        .set({ decision: 'deny', hash: entryHash(forged) })
        .where('seq', '=', seq)
        .execute();
    });
    await expectNamed(await verifyAt(ctx.url, trail.keys.key), seq, 'altered');
  });

  // SQLite lets any column hold any storage class; the hash covers the text that was appended.
  if (dialect === 'sqlite') {
    it.each(['fields', 'prev_hash', 'hash', 'at'])(
      'names an entry whose %s is stored as a BLOB as altered, not as unreadable',
      async (column) => {
        const seq = trail.base + 9;
        await ctx.execute(
          `UPDATE audit_entries SET ${column} = CAST(${column} AS BLOB) WHERE seq = ${seq}`,
        );
        await expectNamed(await verifyAt(ctx.url, trail.keys.key), seq, 'altered');
      },
    );
  }

  it('names an entry that was deleted', async () => {
    await ctx.execute(`DELETE FROM audit_entries WHERE seq = ${trail.base + 5}`);
    await expectNamed(await verifyAt(ctx.url, trail.keys.key), trail.base + 5, 'removed');
  });

  it('names the first entry missing from a trail cut short', async () => {
    await ctx.execute(`DELETE FROM audit_entries WHERE seq > ${trail.base + 15}`);
    await expectNamed(await verifyAt(ctx.url, trail.keys.key), trail.base + 16, 'removed');
  });

  it('names the first of two entries that were swapped', async () => {
    const [a, b] = [trail.base + 4, trail.base + 11];
    await ctx.execute(`UPDATE audit_entries SET seq = -1 WHERE seq = ${a}`);
    await ctx.execute(`UPDATE audit_entries SET seq = ${a} WHERE seq = ${b}`);
    await ctx.execute(`UPDATE audit_entries SET seq = ${b} WHERE seq = -1`);
    await expectNamed(await verifyAt(ctx.url, trail.keys.key), a, 'reordered');
  });

  it('finds a rewritten chain at the signed checkpoint', async () => {
    // Rewrite the whole chain consistently: only the checkpoint's signature can tell.
    await withDatabase(ctx.url, async (db) => {
      const rows = await db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();
      let prev = rows[0]!.prev_hash;
      for (const row of rows) {
        const { hash: _old, ...columns } = row;
        const seq = Number(columns.seq);
        const forged = { ...columns, seq, prev_hash: prev, purpose: 'investigation' };
        prev = entryHash(forged);
        await db
          .updateTable('audit_entries')
          .set({ purpose: forged.purpose, prev_hash: forged.prev_hash, hash: prev })
          .where('seq', '=', seq)
          .execute();
      }
      await db.updateTable('audit_head').set({ hash: prev }).execute();
    });
    const report = await verifyAt(ctx.url, trail.keys.key);
    expect(report.firstBreak).toBeNull();
    expect(report.firstCheckpointProblem).toEqual({ seq: trail.base + 20, kind: 'head-mismatch' });
    const cli = await verifyFromCli();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`checkpoint at entry ${trail.base + 20} does not match the chain`);
  });

  it('reports a forged checkpoint signature from the command line', async () => {
    await ctx.execute(`UPDATE audit_checkpoints SET jws = jws || 'A'`);
    const cli = await verifyFromCli();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`checkpoint at entry ${trail.base + 20} has an invalid signature`);
  });
});
