import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterStateDb, openAdapterState } from '../../../adapters/kit/adapter-state.ts';
import { ReleaseLog } from '../../../adapters/kit/release-log.ts';

const at = new Date('2026-11-20T09:00:00.000Z');
let dir: string;
let db: AdapterStateDb;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zvh-release-log-'));
  db = await openAdapterState(dir);
});

afterAll(async () => {
  await db?.destroy();
  await rm(dir, { recursive: true, force: true });
});

const entry = (n: number) => ({
  exchangeId: `ex-${n}`,
  purpose: 'case_meeting',
  category: 'school_attendance',
  fields: ['absence_hours_term'],
  recordCount: 1,
  traceId: 'a'.repeat(32),
});

describe('ReleaseLog', () => {
  it('commits concurrent releases together, each promise after its commit, in call order', async () => {
    const log = new ReleaseLog(db, { now: () => at });
    await Promise.all(Array.from({ length: 1_500 }, (_, n) => log.record([entry(n)])));
    const entries = await log.entries();
    expect(entries).toHaveLength(1_500);
    expect(entries.map((e) => e.exchangeId)).toEqual(
      Array.from({ length: 1_500 }, (_, n) => `ex-${n}`),
    );
    expect(entries[0]).toEqual({ ...entry(0), releasedAt: at.toISOString() });
  });

  it('rejects every release of a batch whose commit fails, so none is answered', async () => {
    const closed = await openAdapterState(join(dir, 'closed'));
    const log = new ReleaseLog(closed, { now: () => at });
    await closed.destroy();
    const results = await Promise.allSettled([log.record([entry(1)]), log.record([entry(2)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
