import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuditTrail } from '../../../../broker/audit/trail/audit-trail.ts';
import { MAX_RECORD_CHARS } from '../../../../broker/audit/trail/entry-columns.ts';
import { entryHash, GENESIS_HASH } from '../../../../broker/audit/trail/entry-hash.ts';
import { payloadDigest } from '../../../../broker/audit/trail/payload-digest.ts';
import { TrailVocabulary } from '../../../../broker/audit/trail/trail-vocabulary.ts';
import { canonicalEntrySql } from '../../../../broker/audit/verification/canonical-entry-sql.ts';
import { verifyAuditTrail } from '../../../../broker/audit/verification/chain-verifier.ts';
import { AuditWriteFailedError } from '../../../../broker/errors/broker-error.ts';
import { NO_WORDS } from '../../../../broker/policy/covenant-vocabulary.ts';
import { openDatabase } from '../../../../broker/store/open-database.ts';
import {
  type CheckpointKeyFixture,
  checkpointKeyFixture,
  headSeq,
  pullRecord,
  verifyAt,
  withDatabase,
} from '../../../support/audit.ts';
import { NETWORK, POLICE, REGISTRATION } from '../../../support/case-fixtures.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';

describeOnEveryDatabase('the audit trail', (ctx, dialect) => {
  let keys: CheckpointKeyFixture;
  beforeEach(async () => {
    keys = await checkpointKeyFixture();
  });
  afterEach(() => keys.cleanUp());

  it('appends chained entries, signs a checkpoint, and verifies intact', async () => {
    const before = await headSeq(ctx.url);
    const first = await ctx.store.audit.append(pullRecord(1));
    const second = await ctx.store.audit.append({
      ...pullRecord(2),
      decision: 'deny',
      reasons: ['CONSENT_WITHDRAWN'],
      fields: [],
      payloadSha256: payloadDigest({ none: true }),
    });
    expect([first.seq, second.seq]).toEqual([before + 1, before + 2]);
    expect(await ctx.store.checkpoints.checkpoint(keys.key)).toMatchObject({
      seq: second.seq,
      hash: second.hash,
    });

    const stored = await withDatabase(ctx.url, (db) =>
      db.selectFrom('audit_entries').selectAll().orderBy('seq').execute(),
    );
    expect(stored[0]?.prev_hash).toBe(GENESIS_HASH);
    const last = stored.at(-1)!;
    const { hash, ...columns } = last;
    expect(entryHash({ ...columns, seq: Number(columns.seq) })).toBe(hash);
    expect(last).toMatchObject({
      event_type: 'exchange.pull',
      requester_organisation: 'jeugdzorg-cn',
      provider_organisation: 'politie-cn',
      decision: 'deny',
      reasons: '["CONSENT_WITHDRAWN"]',
      grounds: '{"police_incidents":{"id":"consent-2","type":"consent"}}',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      at: '2026-03-02T09:00:00.000Z',
    });

    expect(await verifyAt(ctx.url, keys.key)).toEqual({
      intact: true,
      entries: second.seq,
      erased: 0,
      checkpoints: 1,
      firstBreak: null,
      firstCheckpointProblem: null,
      external: null,
    });
  });

  it('has the database spell an entry exactly as the hash saw it', async () => {
    const awkward = 'tab\t nl\n cr\r bs\b ff\f \u0001 \u001f \u007f " \\ / é ß 漢 😀 \u2028 \u00a0';
    const { seq, hash } = await ctx.store.audit.append({
      ...pullRecord(9),
      requester: { organisation: 'jeugdzorg-cn', user: awkward },
      details: { note: awkward, count: 3 },
    });
    const row = await withDatabase(ctx.url, (db) =>
      db
        .selectFrom('audit_entries')
        .select(sql.raw<string>(canonicalEntrySql(dialect)).as('canonical'))
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow(),
    );
    expect(createHash('sha256').update(row.canonical).digest('hex')).toBe(hash);
  });

  it('records every domain change in the same chain', async () => {
    const before = await headSeq(ctx.url);
    const registered = await ctx.store.cases.register(NETWORK, POLICE, REGISTRATION);
    const events = await ctx.store.events.forCase(NETWORK, registered.id);
    expect(events.map((e) => e.type)).toEqual(['case.registered']);
    expect(events[0]?.seq).toBe(before + 1);
    expect(events[0]?.actor).toEqual(POLICE);
    await ctx.store.audit.append(pullRecord(3));
    expect((await verifyAt(ctx.url, keys.key)).intact).toBe(true);
  });

  it('keeps one unbroken chain under 200 concurrent appends and domain changes', async () => {
    const before = await headSeq(ctx.url);
    const appends = Array.from({ length: 200 }, (_, n) => ctx.store.audit.append(pullRecord(n)));
    const change = ctx.store.cases.register(NETWORK, POLICE, REGISTRATION);
    const receipts = await Promise.all(appends);
    await change;
    const seqs = receipts.map((r) => r.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(200);
    expect(await headSeq(ctx.url)).toBe(before + 201);
    const report = await verifyAt(ctx.url, keys.key);
    expect(report).toMatchObject({ intact: true, entries: before + 201 });
  });

  it('rejects with AUDIT_WRITE_FAILED when the entry cannot be committed', async () => {
    const trail = ctx.store.audit;
    const { db } = await openDatabase(ctx.url);
    const broken = new AuditTrail(db, new TrailVocabulary(() => NO_WORDS, randomBytes(32)));
    await db.destroy();
    const failure = await broken.append(pullRecord(4)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuditWriteFailedError);
    expect(failure).toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
    // The store's own trail, once closed, refuses the same way: no entry, no release.
    await trail.close();
    await expect(trail.append(pullRecord(5))).rejects.toMatchObject({
      code: 'AUDIT_WRITE_FAILED',
    });
  });

  it('refuses a malformed record as a programming mistake', () => {
    expect(() => ctx.store.audit.append({ ...pullRecord(6), payloadSha256: 'abc' })).toThrow(
      TypeError,
    );
  });

  it('refuses a record past the bound of an entry before anything is written', async () => {
    const before = await headSeq(ctx.url);
    const oversized = { ...pullRecord(7), details: { note: 'x'.repeat(MAX_RECORD_CHARS) } };
    expect(() => ctx.store.audit.append(oversized)).toThrow(/at most 32768 characters/);
    await ctx.store.audit.append(pullRecord(8));
    expect(await headSeq(ctx.url)).toBe(before + 1);
  });

  it('reports a forged checkpoint and one signed by another key', async () => {
    const { seq } = await ctx.store.audit.append(pullRecord(7));
    await ctx.store.checkpoints.checkpoint(keys.key);
    const other = await checkpointKeyFixture();
    try {
      await ctx.store.audit.append(pullRecord(8));
      await ctx.store.checkpoints.checkpoint(other.key);
    } finally {
      other.cleanUp();
    }
    const report = await verifyAt(ctx.url, keys.key);
    expect(report.firstBreak).toBeNull();
    expect(report.firstCheckpointProblem).toEqual({ seq: seq + 1, kind: 'signature-invalid' });
    expect(report.intact).toBe(false);

    // A valid signature over a statement the stored columns do not match is no better.
    await ctx.execute(
      `INSERT INTO audit_checkpoints (seq, head_hash, at, jws)
       SELECT seq + 1000, head_hash, at, jws FROM audit_checkpoints WHERE seq = ${seq}`,
    );
    const second = await verifyAuditTrail(ctx.url, keys.key.publicKey);
    expect(second.firstCheckpointProblem).toEqual({ seq: seq + 1, kind: 'signature-invalid' });
    expect(second.checkpoints).toBe(3);
  });
});
