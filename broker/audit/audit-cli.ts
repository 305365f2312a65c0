import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { checkpointAlgorithm, checkpointKeyPaths } from './checkpoints/checkpoint-key.ts';
import { verifyAuditTrail } from './verification/chain-verifier.ts';
import { describeReport, type VerificationReport } from './verification/verification-report.ts';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Rewrites the current stderr line; absent when stderr is not a terminal. */
  readonly progress?: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

export const USAGE =
  'usage: npm run audit -- verify [--database <sqlite file | postgres url>] [--key <public key pem>]';

class UsageError extends Error {}

/**
 * `audit verify`: 0 when the trail and every checkpoint are intact, 1 when tampered,
 * 2 when it could not verify (bad arguments, no database, no key), each with one line.
 *
 * @example
 * process.exitCode = await runAuditCli(process.argv.slice(2), io);
 */
export async function runAuditCli(argv: readonly string[], io: CliIo): Promise<number> {
  let target: { databaseUrl: string; publicKey: KeyObject };
  try {
    target = await parseTarget(argv, io.env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`audit: ${message}${error instanceof UsageError ? ` (${USAGE})` : ''}`);
    return 2;
  }
  const started = performance.now();
  let report: VerificationReport;
  try {
    report = await verifyAuditTrail(target.databaseUrl, target.publicKey, {
      onProgress: (checked, total) =>
        io.progress?.(`verifying ${checked} of ${total} entries (${percent(checked, total)})`),
    });
  } catch (error) {
    io.progress?.('');
    io.err(`audit: cannot read the trail: ${(error as Error).message}`);
    return 2;
  }
  io.progress?.('');
  const seconds = (performance.now() - started) / 1000;
  io.out(`${describeReport(report)} (${seconds.toFixed(2)} s)`);
  return report.intact ? 0 : 1;
}

async function parseTarget(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ databaseUrl: string; publicKey: KeyObject }> {
  let parsed: ReturnType<typeof parseVerifyArgs>;
  try {
    parsed = parseVerifyArgs(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'verify') {
    throw new UsageError('the only command is verify');
  }
  const needsConfig = values.database === undefined || values.key === undefined;
  const config = needsConfig ? loadConfig(env) : undefined;
  const databaseUrl = databaseUrlOf(values.database ?? config?.databaseUrl ?? '');
  const keyFile =
    values.key ?? (config && checkpointKeyPaths(config.stateDir, config.network).publicKey) ?? '';
  let pem: string;
  try {
    pem = await readFile(keyFile, 'utf8');
  } catch {
    throw new UsageError(`cannot read the checkpoint public key ${keyFile}; pass --key`);
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem);
    checkpointAlgorithm(publicKey);
  } catch {
    throw new UsageError(`${keyFile} is not an EC P-256 or RSA public key`);
  }
  return { databaseUrl, publicKey };
}

function parseVerifyArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { database: { type: 'string' }, key: { type: 'string' } },
  });
}

/** A bare path is a SQLite file, which must exist: verifying must not create an empty trail. */
function databaseUrlOf(value: string): string {
  if (/^postgres(ql)?:\/\//.test(value)) return value;
  const file = value.startsWith('sqlite:') ? value.slice('sqlite:'.length) : value;
  if (file === '' || !existsSync(file)) throw new UsageError(`no SQLite database at ${file}`);
  return `sqlite:${file}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '100%' : `${Math.floor((part / whole) * 100)}%`;
}
