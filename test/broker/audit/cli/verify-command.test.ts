import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAuditCli } from '../../../../broker/audit/cli/audit-cli.ts';
import { VERIFY_USAGE as USAGE } from '../../../../broker/audit/cli/verify-command.ts';
import { BrokerStore } from '../../../../broker/store/broker-store.ts';
import { useCheckpointKey } from '../../../support/audit.ts';
import { captured } from '../../../support/cli-output.ts';

function cli(args: readonly string[]) {
  return captured((io) =>
    runAuditCli(args, { ...io, env: { BROKER_STATE_DIR: '/nonexistent/state' } }),
  );
}

describe('npm run audit', () => {
  it('exits 2 with one line on a command it does not know', async () => {
    const result = await cli(['frobnicate']);
    expect(result).toEqual({
      code: 2,
      out: [],
      err: ['audit: unknown command "frobnicate" (npm run audit -- --help)'],
    });
  });

  it('exits 2 on an unknown option', async () => {
    const result = await cli(['verify', '--force']);
    expect(result.code).toBe(2);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/^audit: .*--force/);
  });

  it('exits 2 rather than create an empty trail where no database is', async () => {
    const result = await cli(['verify', '--database', '/nonexistent/broker.sqlite']);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([
      `audit: no SQLite database at /nonexistent/broker.sqlite (${USAGE})`,
    ]);
  });

  it('exits 2 when the checkpoint public key cannot be read', async () => {
    const result = await cli(['verify', '--database', 'postgres://localhost/none']);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([
      `audit: cannot read the checkpoint public key /nonexistent/state/keys/bonaire/audit/checkpoint-key.pub.pem; pass --key (${USAGE})`,
    ]);
  });
});

describe('npm run audit with checkpoints held outside the database', () => {
  const keys = useCheckpointKey();
  let database: string;
  beforeAll(async () => {
    database = join(keys.dir, 'empty.sqlite');
    const store = await BrokerStore.open({
      databaseUrl: `sqlite:${database}`,
      identifierSecret: new Uint8Array(32),
    });
    await store.close();
  });
  const withKey = (...args: string[]) =>
    cli(['verify', '--database', database, '--key', keys.paths.publicKey, ...args]);

  it('exits 2 when the checkpoint log it was given cannot be read', async () => {
    const result = await withKey('--checkpoint-log', join(keys.dir, 'missing.jsonl'));
    expect(result.code).toBe(2);
    expect(result.err).toEqual([
      `audit: cannot read the checkpoint log ${join(keys.dir, 'missing.jsonl')} (${USAGE})`,
    ]);
  });

  it('exits 2 when it has no certificate to ask a witness with', async () => {
    const result = await withKey('--witness', 'https://localhost:1');
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(
      /^audit: cannot read the certificate to ask the witnesses with .*pass --tls-cert, --tls-key and --tls-ca/,
    );
  });

  it('says so when it was given no checkpoint log and no witness', async () => {
    const result = await withKey();
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(/^audit trail intact: 0 entries, 0 signed checkpoints \(/);
    expect(result.err).toEqual([
      'audit: no checkpoint log or witness (--checkpoint-log, --witness): a trail cut short or wiped would still verify',
    ]);
  });
});
