import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  type CheckpointKeyPaths,
  type CheckpointSigningKey,
  checkpointKeyPaths,
  ensureCheckpointKey,
} from '../../broker/audit/checkpoints/checkpoint-key.ts';
import type { AuditReceipt, AuditRecord } from '../../broker/audit/trail/audit-record.ts';
import {
  type VerifyOptions,
  verifyAuditTrail,
} from '../../broker/audit/verification/chain-verifier.ts';
import type { VerificationReport } from '../../broker/audit/verification/verification-report.ts';
import type { BrokerStore } from '../../broker/store/broker-store.ts';
import type { Database } from '../../broker/store/database.ts';
import { openDatabase } from '../../broker/store/open-database.ts';
import type { SqlDialectName } from '../../broker/store/sql-dialect-name.ts';
import type { StoreContext } from './databases.ts';

export interface CheckpointKeyFixture {
  readonly key: CheckpointSigningKey;
  readonly paths: CheckpointKeyPaths;
  readonly cleanUp: () => void;
}

export async function checkpointKeyFixture(): Promise<CheckpointKeyFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'zvh-audit-key-'));
  const paths = checkpointKeyPaths(dir, 'bonaire');
  return {
    key: await ensureCheckpointKey(paths),
    paths,
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
  const tables = ['audit_entries', 'audit_checkpoints'];
  return dialect === 'postgres'
    ? tables.map((t) => `DROP TRIGGER ${t}_append_only ON ${t};`).join(' ')
    : tables.map((t) => `DROP TRIGGER ${t}_no_update; DROP TRIGGER ${t}_no_delete;`).join(' ');
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
