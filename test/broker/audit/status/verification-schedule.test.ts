import { afterEach, expect, it } from 'vitest';
import { chainStatus } from '../../../../broker/audit/status/chain-status.ts';
import {
  startVerificationSchedule,
  type VerificationSchedule,
} from '../../../../broker/audit/status/verification-schedule.ts';
import { systemClock } from '../../../../keys/clock.ts';
import { useTamperableTrail, withDatabase } from '../../../support/audit.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';
import { capturingLogger } from '../../../support/logger.ts';

describeOnEveryDatabase('the scheduled verification of the whole trail', (ctx, dialect) => {
  const trail = useTamperableTrail(ctx, dialect, 30);
  let schedule: VerificationSchedule | undefined;
  afterEach(async () => {
    await schedule?.stop();
    schedule = undefined;
  });

  function start(firstAfterMs: number) {
    const log = capturingLogger();
    schedule = startVerificationSchedule({
      databaseUrl: ctx.url,
      publicKey: trail.keys.key.publicKey,
      checkpointLog: undefined,
      intervalMs: 60_000,
      firstAfterMs,
      clock: systemClock,
      logger: log.logger,
    });
    return { schedule, lines: log.lines };
  }

  it('runs on its own, off the request path, and the status shows it intact', async () => {
    const { schedule, lines } = start(0);
    await expect.poll(() => schedule.latest()?.result, { timeout: 10_000 }).toBe('intact');
    const status = await withDatabase(ctx.url, (db) =>
      chainStatus(db, new Date(), schedule.latest()),
    );
    expect(status).toMatchObject({
      entries: trail.last,
      head: { seq: trail.last },
      lastCheckpoint: { seq: trail.last, entriesSince: 0 },
      lastVerification: { result: 'intact', summary: expect.stringContaining('intact') },
    });
    expect(lines.join('')).toContain('audit trail intact');
  });

  it('reports an altered entry at error level and in the status', async () => {
    const { schedule, lines } = start(3_600_000);
    expect(schedule.latest()).toBeNull();
    await ctx.execute(
      `UPDATE audit_entries SET purpose = 'prosecution' WHERE seq = ${trail.base + 4}`,
    );
    const outcome = await schedule.verifyNow();
    expect(outcome).toMatchObject({
      result: 'broken',
      summary: `audit trail TAMPERED: entry ${trail.base + 4} was altered`,
    });
    expect(schedule.latest()).toBe(outcome);
    const errors = lines.map((line) => JSON.parse(line)).filter((line) => line.level >= 50);
    expect(errors.map((line) => line.msg)).toEqual([outcome.summary]);
  });

  it('says it could not verify a trail it cannot read, rather than calling it intact', async () => {
    const log = capturingLogger();
    schedule = startVerificationSchedule({
      databaseUrl: 'sqlite:/nonexistent/dir/broker.sqlite',
      publicKey: trail.keys.key.publicKey,
      checkpointLog: undefined,
      intervalMs: 60_000,
      firstAfterMs: 3_600_000,
      clock: systemClock,
      logger: log.logger,
    });
    expect(await schedule.verifyNow()).toMatchObject({ result: 'failed' });
  });
});
