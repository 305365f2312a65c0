import { describe, expect, it } from 'vitest';
import { runAuditCli, USAGE } from '../../../broker/audit/audit-cli.ts';
import { captured } from '../../support/cli-output.ts';

function cli(args: readonly string[]) {
  return captured((io) =>
    runAuditCli(args, { ...io, env: { BROKER_STATE_DIR: '/nonexistent/state' } }),
  );
}

describe('npm run audit', () => {
  it('exits 2 with one line and the usage on a command it does not know', async () => {
    const result = await cli(['frobnicate']);
    expect(result).toEqual({
      code: 2,
      out: [],
      err: [`audit: the only command is verify (${USAGE})`],
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
