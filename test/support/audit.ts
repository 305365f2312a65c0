import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { type Logger, pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  type CheckpointKeyPaths,
  type CheckpointSigningKey,
  checkpointKeyPaths,
  ensureCheckpointKey,
} from '../../broker/audit/checkpoints/checkpoint-key.ts';
import { CheckpointLog } from '../../broker/audit/checkpoints/checkpoint-log.ts';
import { checkpointOrigin } from '../../broker/audit/checkpoints/checkpoint-note-signer.ts';
import {
  type CheckpointSchedule,
  startCheckpointSchedule,
} from '../../broker/audit/checkpoints/checkpoint-schedule.ts';
import { CheckpointWitnesses } from '../../broker/audit/checkpoints/checkpoint-witnesses.ts';
import type { AuditReceipt, AuditRecord } from '../../broker/audit/trail/audit-record.ts';
import {
  type VerifyOptions,
  verifyAuditTrail,
} from '../../broker/audit/verification/chain-verifier.ts';
import type { VerificationReport } from '../../broker/audit/verification/verification-report.ts';
import type { AdapterAgentPool } from '../../broker/identity/adapter-agent.ts';
import type { BrokerStore } from '../../broker/store/broker-store.ts';
import type { Database } from '../../broker/store/database.ts';
import { openDatabase } from '../../broker/store/open-database.ts';
import type { SqlDialectName } from '../../broker/store/sql-dialect-name.ts';
import type { StoreContext } from './databases.ts';

export interface CheckpointKeyFixture {
  readonly key: CheckpointSigningKey;
  readonly paths: CheckpointKeyPaths;
  /** A temporary directory of the test's own, removed with the key. */
  readonly dir: string;
  readonly cleanUp: () => void;
}

export async function checkpointKeyFixture(): Promise<CheckpointKeyFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'zvh-audit-key-'));
  const paths = checkpointKeyPaths(dir, 'bonaire');
  return {
    key: await ensureCheckpointKey(paths),
    paths,
    dir,
    cleanUp: () => rmSync(dir, { recursive: true }),
  };
}

/** A pull as the exchange records it: names, codes and a digest, never values. */
export function pullRecord(n: number): AuditRecord {
  return {
    type: 'exchange.pull',
    network: 'bonaire',
    requester: { organisation: 'jeugdzorg-cn', user: `medewerker-${n}` },
    provider: 'politie-cn',
    caseId: `case-${n % 7}`,
    personPseudonym: `pseudonym-${n % 11}`,
    purpose: 'case_meeting',
    grounds: { police_incidents: { type: 'consent', id: `consent-${n}` } },
    categories: ['police_incidents'],
    fields: ['police_incidents.incident_date', 'police_incidents.incident_type'],
    payloadSha256: 'a'.repeat(64),
    decision: 'allow',
    reasons: [],
    policyRevision: 'rev-1',
    requestId: `req-${n}`,
    exchangeId: `ex-${n}`,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  };
}

/**
 * Verifies over connections of its own, as the CLI would: small pages and ranges, so
 * that a short trail still crosses page and range boundaries.
 */
export async function verifyAt(
  url: string,
  key: CheckpointSigningKey,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  return verifyAuditTrail(url, key.publicKey, {
    pageSize: 7,
    rangeSize: 5,
    threads: 1,
    ...options,
  });
}

export async function withDatabase<T>(url: string, use: (db: Kysely<Database>) => Promise<T>) {
  const { db } = await openDatabase(url);
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

/** What an attacker with the database owner's rights does first. */
export function dropAppendOnlyTriggers(dialect: SqlDialectName): string {
  // The entries' triggers as migration 0009 left them: updates only to erase a subject.
  return dialect === 'postgres'
    ? 'DROP TRIGGER audit_entries_only_erasure ON audit_entries; DROP TRIGGER audit_entries_no_delete ON audit_entries; DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints;'
    : 'DROP TRIGGER audit_entries_only_erasure; DROP TRIGGER audit_entries_no_delete; DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;';
}

export async function headSeq(url: string): Promise<number> {
  return withDatabase(url, async (db) => {
    const head = await db
      .selectFrom('audit_head')
      .select('seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(head.seq);
  });
}

/** Per file: one checkpoint signing key in a temporary directory. */
export function useCheckpointKey(): CheckpointKeyFixture {
  const fixture = {} as CheckpointKeyFixture;
  beforeAll(async () => {
    Object.assign(fixture, await checkpointKeyFixture());
  });
  afterAll(() => fixture.cleanUp?.());
  return fixture;
}

/** `count` pulls appended at once, as concurrent exchanges append them. */
export function appendPulls(store: BrokerStore, count: number): Promise<AuditReceipt[]> {
  return Promise.all(Array.from({ length: count }, (_, n) => store.audit.append(pullRecord(n))));
}

export interface TamperableTrail {
  readonly keys: CheckpointKeyFixture;
  /** The last of the seeded networks' domain events; the pulls follow it. */
  readonly base: number;
  /** The last pull. */
  readonly last: number;
}

/**
 * Per test: `pulls` pulls after the seeded domain events and a signed checkpoint over them;
 * then the append-only triggers are dropped, so the test can tamper as the database owner.
 */
export function useTamperableTrail(
  ctx: StoreContext,
  dialect: SqlDialectName,
  pulls: number,
): TamperableTrail {
  const trail = {} as { -readonly [K in keyof TamperableTrail]: TamperableTrail[K] };
  beforeEach(async () => {
    trail.keys = await checkpointKeyFixture();
    const receipts = await appendPulls(ctx.store, pulls);
    trail.base = receipts[0]!.seq - 1;
    trail.last = receipts.at(-1)!.seq;
    await ctx.store.checkpoints.checkpoint(trail.keys.key);
    await ctx.execute(dropAppendOnlyTriggers(dialect));
  });
  afterEach(() => trail.keys.cleanUp());
  return trail;
}

export interface CheckpointPublishing {
  readonly schedule: CheckpointSchedule;
  /** The checkpoint log file it writes. */
  readonly logFile: string;
  /** Stops the schedule and closes the log file. */
  stop(): Promise<void>;
}

export interface PublishingOptions {
  /** Organisation to adapter URL: the witnesses, reached through `agents`. */
  readonly witnesses?: ReadonlyMap<string, string>;
  readonly agents?: AdapterAgentPool;
  readonly intervalMs?: number;
  readonly everyEntries?: number;
  readonly logger?: Logger;
}

/** For publishing without witnesses: asking for an agent is a test's mistake. */
const NO_AGENTS: AdapterAgentPool = {
  for: () => {
    throw new TypeError('this test has no witnesses');
  },
  destroy: () => undefined,
};

/**
 * The broker's checkpoint schedule on a store, publishing to a checkpoint log file in
 * `dir` and to `witnesses`; by default it signs only when told (`schedule.checkpointNow()`).
 */
export async function publishCheckpoints(
  store: BrokerStore,
  key: CheckpointSigningKey,
  dir: string,
  options: PublishingOptions = {},
): Promise<CheckpointPublishing> {
  const logFile = join(dir, 'checkpoints', 'audit-checkpoints.jsonl');
  const log = await CheckpointLog.open(logFile);
  const logger = options.logger ?? pino({ level: 'silent' });
  const schedule = await startCheckpointSchedule({
    checkpointer: store.checkpoints,
    key,
    origin: checkpointOrigin('bonaire'),
    intervalMs: options.intervalMs ?? 300_000,
    everyEntries: options.everyEntries ?? 1_000_000,
    log,
    witnesses: new CheckpointWitnesses({
      adapters: options.witnesses ?? new Map(),
      agents: options.agents ?? NO_AGENTS,
      timeoutMs: 500,
      logger,
    }),
    logger,
  });
  return {
    schedule,
    logFile,
    async stop() {
      await schedule.stop();
      await log.close();
    },
  };
}

export interface WitnessedTrail extends TamperableTrail {
  /** The checkpoint log every checkpoint was published to. */
  readonly logFile: string;
}

/**
 * Per test: pulls after the seeded domain events, with a checkpoint signed and published
 * to a checkpoint log after the `checkpointedAfter[i]`-th pull of each; then the
 * append-only triggers are dropped, so the test can tamper as the database owner.
 */
export function useWitnessedTrail(
  ctx: StoreContext,
  dialect: SqlDialectName,
  checkpointedAfter: readonly number[],
): WitnessedTrail {
  const trail = {} as { -readonly [K in keyof WitnessedTrail]: WitnessedTrail[K] };
  beforeEach(async () => {
    trail.keys = await checkpointKeyFixture();
    const publishing = await publishCheckpoints(ctx.store, trail.keys.key, trail.keys.dir);
    trail.logFile = publishing.logFile;
    trail.base = await headSeq(ctx.url);
    let appended = 0;
    for (const upTo of checkpointedAfter) {
      const receipts = await appendPulls(ctx.store, upTo - appended);
      trail.last = receipts.at(-1)!.seq;
      appended = upTo;
      await publishing.schedule.checkpointNow();
    }
    await publishing.stop();
    await ctx.execute(dropAppendOnlyTriggers(dialect));
  });
  afterEach(() => trail.keys.cleanUp());
  return trail;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const run = promisify(execFile);

/** `npm run audit -- <args>` as an operator runs it: a process of its own. */
export async function auditCliProcess(args: readonly string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', [
      'broker/audit/main.ts',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
