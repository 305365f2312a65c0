import { describe, expect, it } from 'vitest';
import { runPartnerCli } from '../../../adapters/partner-client/cli.ts';
import { type Captured, captured } from '../../support/cli-output.ts';
import { useTestNetwork } from '../../support/network.ts';
import { AUDIENCE } from '../../support/test-broker.ts';

describe('npm run partner', () => {
  const network = useTestNetwork({ partners: ['politie-cn'], broker: {} });

  function partner(...argv: string[]): Promise<Captured> {
    return captured((io) => runPartnerCli(argv, io));
  }

  /** The running broker, called with the police's certificate. */
  function connection(): string[] {
    const politie = network.holders['politie-cn'];
    return [
      ...['--broker', network.broker.url, '--cert', politie.paths.certificate],
      ...['--key', politie.paths.privateKey, '--ca', politie.paths.ca],
    ];
  }

  const user = ['--user', 'u-17', '--name', 'R. Martis', '--role', 'case_director'];

  it('whoami proves the identity end to end', async () => {
    const result = await partner('whoami', ...connection(), '--audience', AUDIENCE, ...user);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out[0] ?? '')).toMatchObject({
      organisation: 'politie-cn',
      user: { id: 'u-17', name: 'R. Martis' },
      role: 'case_director',
    });
  });

  it('shows the problem and fails when the broker refuses', async () => {
    const result = await partner(
      'whoami',
      ...connection(),
      '--audience',
      'urn:zvh-broker:elsewhere',
      ...user,
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out[0] ?? '')).toMatchObject({ code: 'ASSERTION_WRONG_AUDIENCE' });
  });

  it('refuses bad input with one line', async () => {
    const result = await partner('whoami', '--role', 'boss', '--user', 'u', '--name', 'n');
    expect(result.code).toBe(2);
    expect(result.err).toHaveLength(1);
  });
});
