import { createPublicKey, type KeyObject } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BROKER_ORGANISATION } from '../../../keys/certificates/certificate-profile.ts';
import { networkLayout } from '../../../keys/certificates/network-layout.ts';
import {
  leafTlsPaths,
  readTlsMaterial,
  type TlsMaterial,
  type TlsMaterialPaths,
} from '../../../keys/tls/tls-material.ts';
import { type BrokerConfig, loadConfig } from '../../config/config.ts';
import { checkpointAlgorithm, checkpointKeyPaths } from '../checkpoints/checkpoint-key.ts';
import { verifyAuditTrail } from '../verification/chain-verifier.ts';
import { checkpointLogSource } from '../verification/checkpoint-log-source.ts';
import type { ExternalCheckpoint } from '../verification/external-checkpoints.ts';
import { describeReport, type VerificationReport } from '../verification/verification-report.ts';
import { fetchWitnessedCheckpoint, witnessSource } from '../verification/witness-source.ts';
import { type AuditCommand, type CliIo, UsageError } from './cli-io.ts';
import { existingDatabaseUrl } from './existing-database.ts';

export const VERIFY_USAGE =
  'usage: npm run audit -- verify [--database <sqlite file | postgres url>] [--key <public key pem>] ' +
  '[--checkpoint-log <file>] [--witness <adapter url>]... [--tls-cert <pem> --tls-key <pem> --tls-ca <pem>]';

interface Target {
  readonly databaseUrl: string;
  readonly publicKey: KeyObject;
  readonly checkpointLog: string | undefined;
  readonly witnesses: readonly string[];
  /** The broker's client certificate, to ask the witnesses with; only when there are any. */
  readonly tls: TlsMaterial | undefined;
}

/**
 * `audit verify`: 0 when the trail and every checkpoint are intact and the trail bears out
 * every checkpoint held outside it, 1 when tampered, 2 when it could not verify (bad
 * arguments, no database, no key, an unreadable checkpoint log or witness), each with one line.
 */
async function verify(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(VERIFY_HELP);
    return 0;
  }
  let target: Target;
  let external: AsyncIterable<ExternalCheckpoint>[];
  try {
    target = await parseTarget(argv, io.env);
    external = await externalSources(target);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`audit: ${message}${error instanceof UsageError ? ` (${VERIFY_USAGE})` : ''}`);
    return 2;
  }
  if (external.length === 0) {
    io.err(
      'audit: no checkpoint log or witness (--checkpoint-log, --witness): a trail cut short or wiped would still verify',
    );
  }
  const started = performance.now();
  let report: VerificationReport;
  try {
    report = await verifyAuditTrail(target.databaseUrl, target.publicKey, {
      onProgress: (checked, total) =>
        io.progress?.(`verifying ${checked} of ${total} entries (${percent(checked, total)})`),
      ...(external.length === 0 ? {} : { external }),
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

/** The witnesses are asked before the trail is read, so that one that cannot be asked is exit 2. */
async function externalSources(target: Target): Promise<AsyncIterable<ExternalCheckpoint>[]> {
  const { tls } = target;
  const notes =
    tls === undefined
      ? []
      : await Promise.all(target.witnesses.map((url) => fetchWitnessedCheckpoint(url, tls)));
  return [
    ...(target.checkpointLog === undefined
      ? []
      : [checkpointLogSource(target.checkpointLog, target.publicKey)]),
    ...target.witnesses.map((url, i) => witnessSource(url, notes[i], target.publicKey)),
  ];
}

async function parseTarget(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Target> {
  let parsed: ReturnType<typeof parseVerifyArgs>;
  try {
    parsed = parseVerifyArgs(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const witnesses = values.witness ?? [];
  const needsConfig =
    values.database === undefined ||
    values.key === undefined ||
    values['checkpoint-log'] === undefined ||
    (witnesses.length > 0 && values['tls-cert'] === undefined);
  const config = needsConfig ? loadConfig(env) : undefined;
  const databaseUrl = existingDatabaseUrl(values.database ?? config?.databaseUrl ?? '');
  const keyFile =
    values.key ?? (config && checkpointKeyPaths(config.stateDir, config.network).publicKey) ?? '';
  const checkpointLog = values['checkpoint-log'] ?? config?.checkpoints.log;
  if (checkpointLog !== undefined) {
    await access(checkpointLog).catch(() => {
      throw new UsageError(`cannot read the checkpoint log ${checkpointLog}`);
    });
  }
  return {
    databaseUrl,
    publicKey: await readPublicKey(keyFile),
    checkpointLog,
    witnesses,
    tls: witnesses.length === 0 ? undefined : await witnessTls(values, config),
  };
}

function parseVerifyArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      database: { type: 'string' },
      key: { type: 'string' },
      'checkpoint-log': { type: 'string' },
      witness: { type: 'string', multiple: true },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-ca': { type: 'string' },
    },
  });
}

async function readPublicKey(keyFile: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(keyFile, 'utf8');
  } catch {
    throw new UsageError(`cannot read the checkpoint public key ${keyFile}; pass --key`);
  }
  try {
    const publicKey = createPublicKey(pem);
    checkpointAlgorithm(publicKey);
    return publicKey;
  } catch {
    throw new UsageError(`${keyFile} is not an EC P-256 or RSA public key`);
  }
}

/** By default the broker's own client certificate: the adapters answer only the broker. */
async function witnessTls(
  values: ReturnType<typeof parseVerifyArgs>['values'],
  config: BrokerConfig | undefined,
): Promise<TlsMaterial> {
  const own =
    config &&
    leafTlsPaths(
      networkLayout(join(config.stateDir, 'keys'), config.network),
      'broker-client',
      BROKER_ORGANISATION,
    );
  const paths: TlsMaterialPaths = {
    ca: values['tls-ca'] ?? own?.ca ?? '',
    certificate: values['tls-cert'] ?? own?.certificate ?? '',
    privateKey: values['tls-key'] ?? own?.privateKey ?? '',
  };
  try {
    return await readTlsMaterial(paths);
  } catch {
    throw new UsageError(
      `cannot read the certificate to ask the witnesses with (${paths.certificate}); pass --tls-cert, --tls-key and --tls-ca`,
    );
  }
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '100%' : `${Math.floor((part / whole) * 100)}%`;
}

const VERIFY_HELP = `${VERIFY_USAGE}

Checks the whole trail: every entry's hash and link, every signed checkpoint, and that the
trail bears out every checkpoint held outside it (the checkpoint log, the witnesses).
  --database <sqlite file | postgres url>   BROKER_DATABASE_URL, or <state dir>/broker.sqlite
  --key <pem>                 the checkpoint public key; <state dir>/keys/<network>/audit/...
  --checkpoint-log <file>     BROKER_CHECKPOINT_LOG
  --witness <adapter url>     an adapter that keeps the checkpoints it was sent; repeatable
  --tls-cert, --tls-key, --tls-ca   the certificate to ask the witnesses with; the broker's
                              client certificate by default
Exit 0 intact, 1 tampered, 2 could not verify. On a terminal, stderr shows the progress.`;

export const verifyCommand: AuditCommand = {
  name: 'verify',
  summary: 'check the whole chain, its signed checkpoints and the checkpoints held outside it',
  usage: VERIFY_HELP,
  run: verify,
};
