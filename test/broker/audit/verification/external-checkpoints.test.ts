import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { signCheckpointNote } from '../../../../adapters/contract/checkpoint-note.ts';
import { checkpointLogLine } from '../../../../broker/audit/checkpoints/checkpoint-log.ts';
import { checkpointOrigin } from '../../../../broker/audit/checkpoints/checkpoint-note-signer.ts';
import { entryHash } from '../../../../broker/audit/trail/entry-hash.ts';
import { checkpointLogSource } from '../../../../broker/audit/verification/checkpoint-log-source.ts';
import {
  auditCliProcess,
  checkpointKeyFixture,
  publishCheckpoints,
  useWitnessedTrail,
  verifyAt,
  withDatabase,
} from '../../../support/audit.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';
import { useTestNetwork } from '../../../support/network.ts';

const network = useTestNetwork();

describeOnEveryDatabase(
  'the trail held against checkpoints kept outside its database',
  (ctx, dialect) => {
    // Checkpoints after the 4th, 10th and 20th pull: lines 1, 2 and 3 of the checkpoint log.
    const trail = useWitnessedTrail(ctx, dialect, [4, 10, 20]);
    const logLine = (line: number) => `checkpoint log ${trail.logFile} line ${line}`;
    const verifyWithLog = () =>
      verifyAt(ctx.url, trail.keys.key, {
        external: [checkpointLogSource(trail.logFile, trail.keys.key.publicKey)],
      });
    const cli = (...extra: string[]) =>
      auditCliProcess([
        'verify',
        '--database',
        ctx.url,
        '--key',
        trail.keys.paths.publicKey,
        '--checkpoint-log',
        trail.logFile,
        ...extra,
      ]);

    /** Entries from `from` on rewritten and their hashes recomputed, as one without the key can. */
    async function rewriteFrom(from: number): Promise<void> {
      await withDatabase(ctx.url, async (db) => {
        const rows = await db
          .selectFrom('audit_entries')
          .selectAll()
          .where('seq', '>=', from)
          .orderBy('seq')
          .execute();
        let prev = rows[0]!.prev_hash;
        for (const row of rows) {
          const { hash: _old, ...columns } = row;
          const seq = Number(columns.seq);
          const forged = { ...columns, seq, prev_hash: prev, decision: 'deny' };
          prev = entryHash(forged);
          await db
            .updateTable('audit_entries')
            .set({ decision: forged.decision, prev_hash: forged.prev_hash, hash: prev })
            .where('seq', '=', seq)
            .execute();
        }
        await db.updateTable('audit_head').set({ hash: prev }).execute();
      });
    }

    it('agrees with every checkpoint in the log while the trail is untouched', async () => {
      const report = await verifyWithLog();
      expect(report.intact).toBe(true);
      expect(report.external).toEqual({ checked: 3, latest: trail.last, firstProblem: null });
      const run = await cli();
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `audit trail intact: ${trail.last} entries, 3 signed checkpoints; agrees with 3 external checkpoints up to entry ${trail.last}`,
      );
    });

    it('names a rewrite made after deleting the checkpoints that covered it', async () => {
      await ctx.execute('DELETE FROM audit_checkpoints');
      await rewriteFrom(trail.base + 7);
      // The database alone no longer shows it: that is the attack.
      expect((await verifyAt(ctx.url, trail.keys.key)).intact).toBe(true);

      const report = await verifyWithLog();
      expect(report.intact).toBe(false);
      expect(report.external?.firstProblem).toEqual({
        kind: 'head-mismatch',
        source: logLine(2),
        seq: trail.base + 10,
        matchedUpTo: trail.base + 4,
      });
      const run = await cli();
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `entry ${trail.base + 10} does not match the signed checkpoint in ${logLine(2)}: the trail was rewritten after entry ${trail.base + 4} up to entry ${trail.base + 10}`,
      );
    });

    it('names the entries cut off the end when the head was set back to hide it', async () => {
      const keep = trail.base + 12;
      await ctx.execute(`DELETE FROM audit_entries WHERE seq > ${keep}`);
      await ctx.execute(`DELETE FROM audit_checkpoints WHERE seq > ${keep}`);
      await ctx.execute(
        `UPDATE audit_head SET seq = ${keep},
         hash = (SELECT hash FROM audit_entries WHERE seq = ${keep})`,
      );
      expect((await verifyAt(ctx.url, trail.keys.key)).intact).toBe(true);

      const report = await verifyWithLog();
      expect(report.intact).toBe(false);
      expect(report.external?.firstProblem).toEqual({
        kind: 'entries-removed',
        source: logLine(3),
        seq: trail.last,
        lastStored: keep,
      });
      const run = await cli();
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `entries ${keep + 1} to ${trail.last} were removed (the trail ends at entry ${keep}): ${logLine(3)} holds a signed checkpoint at entry ${trail.last}`,
      );
    });

    it('names the whole trail as removed when everything was deleted', async () => {
      await ctx.execute('DELETE FROM audit_entries');
      await ctx.execute('DELETE FROM audit_checkpoints');
      await ctx.execute('DELETE FROM audit_head');
      const alone = await verifyAt(ctx.url, trail.keys.key);
      expect(alone).toMatchObject({ intact: true, entries: 0 });

      const report = await verifyWithLog();
      expect(report.intact).toBe(false);
      expect(report.external?.firstProblem).toMatchObject({
        kind: 'entries-removed',
        seq: trail.last,
        lastStored: 0,
      });
      const run = await cli();
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`entries 1 to ${trail.last} were removed`);
    });

    it('names a checkpoint the log holds and the database lost', async () => {
      await ctx.execute(`DELETE FROM audit_checkpoints WHERE seq = ${trail.base + 10}`);
      const report = await verifyWithLog();
      expect(report.firstBreak).toBeNull();
      expect(report.external?.firstProblem).toEqual({
        kind: 'checkpoint-missing',
        source: logLine(2),
        seq: trail.base + 10,
      });
      expect((await cli()).stdout).toContain(
        `the signed checkpoint at entry ${trail.base + 10} in ${logLine(2)} is missing from the database`,
      );
    });

    it('names a log line the checkpoint key did not sign, but passes over a torn last line', async () => {
      const other = await checkpointKeyFixture();
      try {
        const forged = signCheckpointNote(
          {
            origin: checkpointOrigin('bonaire'),
            size: trail.last + 5,
            hash: 'f'.repeat(64),
            at: new Date().toISOString(),
          },
          other.key.privateKey,
        );
        await appendFile(trail.logFile, checkpointLogLine(forged));
      } finally {
        other.cleanUp();
      }
      await appendFile(trail.logFile, '{"checkpoint":"zvh-br');
      const report = await verifyWithLog();
      expect(report.external).toEqual({
        checked: 4,
        latest: trail.last,
        firstProblem: { kind: 'not-signed', source: logLine(4) },
      });
      expect((await cli()).stdout).toContain(
        `${logLine(4)} is not a checkpoint signed by the checkpoint key`,
      );
    });

    it('asks the witnesses too, over mutual TLS, and names what a wiped trail lacks', async () => {
      // A state directory of its own: a witness never takes back what it once held.
      const witness = await network.startAdapter('politie-cn', { stateDir: randomUUID() });
      const publishing = await publishCheckpoints(ctx.store, trail.keys.key, trail.keys.dir, {
        witnesses: new Map([['politie-cn', witness.url]]),
        agents: network.agents,
      });
      await publishing.schedule.checkpointNow();
      await publishing.stop();
      await ctx.execute('DELETE FROM audit_entries');
      await ctx.execute('DELETE FROM audit_checkpoints');
      await ctx.execute('DELETE FROM audit_head');
      const tls = network.brokerClient.paths;
      const run = await auditCliProcess([
        'verify',
        '--database',
        ctx.url,
        '--key',
        trail.keys.paths.publicKey,
        '--witness',
        witness.url,
        '--tls-cert',
        tls.certificate,
        '--tls-key',
        tls.privateKey,
        '--tls-ca',
        tls.ca,
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `entries 1 to ${trail.last} were removed (the trail ends at entry 0): witness ${witness.url} holds a signed checkpoint at entry ${trail.last}`,
      );
      await witness.close();
    });
  },
);
