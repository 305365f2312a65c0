import { randomBytes, X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CASE_ROLES, caseRoleSchema } from '../policies/vocabulary/case-roles.ts';
import {
  BROKER_ORGANISATION,
  type LeafKind,
  NETWORK_ID_PATTERN,
  ORGANISATION_ID_PATTERN,
} from './certificates/certificate-profile.ts';
import { NetworkAuthority } from './certificates/network-authority.ts';
import {
  PERSON_NAME_PATTERN,
  PERSON_USER_ID_PATTERN,
  type PersonSubject,
} from './certificates/person-subject.ts';
import { MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH } from './certificates/pkcs12-export.ts';
import { KeysError } from './keys-error.ts';
import {
  createPolicySigningKey,
  defaultPolicySigningKeyDir,
  POLICY_SIGNING_ALGORITHM,
} from './policy/policy-signing-key.ts';
import type { RevocationReason } from './revocation/revocation-list.ts';

export const USAGE = `Usage: npm run keys -- <command> [options]

Manages the certificate authority of one ZVH network, and the key that signs policy
bundles. Private keys are written only under <state-dir>/keys/ (or --out) with mode 0600.

Commands:
  create-network <network>                     create the network CA
  issue-partner <network> <organisation>       key + client certificate for a partner system
        [--name "<organisation name>"]
  issue-adapter <network> <organisation>       key + server certificate for a partner's adapter
        --host <dns-or-ip> [--host ...]
  issue-broker <network> --host <dns-or-ip>    the broker's server and client certificates
        [--host ...]
  issue-person <network> <organisation>        an employee's personal certificate for the
        --user <id> --name "<full name>"       workspace in a browser, and its PKCS#12 file
        --role <role>                          (person.p12) to import into the browser;
        [--passphrase-file <path>]             <role> is ${CASE_ROLES.join(', ')}.
                                               The .p12 is encrypted with the file's first
                                               line, or with a generated passphrase that is
                                               printed once and stored nowhere
  rotate <network> <kind> <organisation>       new key + certificate; the old one is accepted
        [--overlap-days <n>]                   for n more days (default 14), then refused
  revoke <network> <kind> <organisation>       refuse an entity's current certificate now
  revoke <network> person <organisation>       refuse an employee's personal certificate now
        --user <id>
  revoke <network> --serial <hex>              refuse one certificate by serial now
        [--reason keyCompromise|cessationOfOperation|superseded]
  list <network>                               every issued certificate and its status
  policy-key [--out <dir>]                     the key pair that signs policy bundles (ES256):
                                               key.pem (0600, for npm run policy:build) and
                                               public.pem (BROKER_POLICY_VERIFICATION_KEY);
                                               default <state-dir>/keys/policy-signing

  <kind> is partner, adapter, broker-server or broker-client; for broker kinds the
  organisation is ${BROKER_ORGANISATION}.

Options:
  --state-dir <dir>   state directory (default: $BROKER_STATE_DIR or .state)
  --days <n>          validity of a new certificate (default 397; CA 3650)
  -h, --help          show this text`;

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const KINDS: ReadonlySet<string> = new Set<LeafKind>([
  'partner',
  'adapter',
  'broker-server',
  'broker-client',
]);
const REASONS: ReadonlySet<string> = new Set<RevocationReason>([
  'keyCompromise',
  'cessationOfOperation',
  'superseded',
]);

function usage(message: string): KeysError {
  return new KeysError('USAGE', `${message} (see --help)`);
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < 0) throw usage(`--${name} must be a whole number`);
  return Number(value);
}

function network(value: string | undefined): string {
  if (value === undefined) throw usage('missing <network>');
  if (!NETWORK_ID_PATTERN.test(value)) throw usage(`invalid network id "${value}"`);
  return value;
}

function organisation(value: string | undefined): string {
  if (value === undefined) throw usage('missing <organisation>');
  if (!ORGANISATION_ID_PATTERN.test(value)) throw usage(`invalid organisation id "${value}"`);
  if (value === BROKER_ORGANISATION)
    throw usage(`${BROKER_ORGANISATION} is reserved for the broker`);
  return value;
}

function kindAndOrganisation(
  kind: string | undefined,
  value: string | undefined,
): [LeafKind, string] {
  if (kind === undefined || !KINDS.has(kind))
    throw usage('<kind> must be partner, adapter, broker-server or broker-client');
  const leafKind = kind as LeafKind;
  if (leafKind === 'broker-server' || leafKind === 'broker-client') {
    return [leafKind, value ?? BROKER_ORGANISATION];
  }
  return [leafKind, organisation(value)];
}

function personSubject(
  user: string | undefined,
  name: string | undefined,
  role: string | undefined,
): PersonSubject {
  if (name === undefined || !PERSON_NAME_PATTERN.test(name)) {
    throw usage('--name must be the full name, at most 128 characters');
  }
  const parsed = caseRoleSchema.safeParse(role);
  if (!parsed.success) throw usage(`--role must be one of ${CASE_ROLES.join(', ')}`);
  return { userId: userId(user), displayName: name, role: parsed.data };
}

function userId(value: string | undefined): string {
  if (value === undefined || !PERSON_USER_ID_PATTERN.test(value)) {
    throw usage('--user must be an id of letters, digits and . _ @ -');
  }
  return value;
}

/** 144 random bits in base64url: typed once into the browser's import dialog. */
function generatedPassphrase(): string {
  return randomBytes(18).toString('base64url');
}

async function passphraseFrom(path: string): Promise<string> {
  const passphrase = (await readFile(path, 'utf8')).split(/\r?\n/)[0] ?? '';
  if (passphrase.length < MIN_PASSPHRASE_LENGTH || passphrase.length > MAX_PASSPHRASE_LENGTH) {
    throw usage(
      `the passphrase file's first line must be ${MIN_PASSPHRASE_LENGTH} to ${MAX_PASSPHRASE_LENGTH} characters`,
    );
  }
  return passphrase;
}

function hosts(values: readonly string[] | undefined): string[] {
  if (values === undefined || values.length === 0) throw usage('at least one --host is required');
  return [...values];
}

/**
 * Runs one key tool command and returns the exit code. Refusals are one line on `err`.
 *
 * @example
 * process.exitCode = await runKeysCli(process.argv.slice(2), console-like output, new Date());
 */
export async function runKeysCli(
  argv: readonly string[],
  output: CliOutput,
  environment: NodeJS.ProcessEnv,
  now: Date,
): Promise<number> {
  try {
    await run(argv, output, environment, now);
    return 0;
  } catch (error) {
    if (error instanceof KeysError) {
      output.err(`keys: ${error.message}`);
      return error.code === 'USAGE' ? 2 : 1;
    }
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      output.err(`keys: ${error.message.replace(/\. To specify[\s\S]*$/, '')} (see --help)`);
      return 2;
    }
    output.err(`keys: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 1;
  }
}

async function run(
  argv: readonly string[],
  output: CliOutput,
  environment: NodeJS.ProcessEnv,
  now: Date,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string' },
      days: { type: 'string' },
      name: { type: 'string' },
      host: { type: 'string', multiple: true },
      'overlap-days': { type: 'string' },
      serial: { type: 'string' },
      reason: { type: 'string' },
      out: { type: 'string' },
      user: { type: 'string' },
      role: { type: 'string' },
      'passphrase-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help === true || command === 'help') {
    output.out(USAGE);
    return;
  }
  if (command === undefined) throw usage('missing <command>');
  const stateDir = resolve(values['state-dir'] ?? environment.BROKER_STATE_DIR ?? '.state');
  if (command === 'policy-key') {
    const paths = await createPolicySigningKey(
      resolve(values.out ?? defaultPolicySigningKeyDir(stateDir)),
    );
    output.out(
      `created policy-signing key (${POLICY_SIGNING_ALGORITHM}): ${paths.privateKey}; verification key ${paths.publicKey}`,
    );
    return;
  }
  const authority = new NetworkAuthority(join(stateDir, 'keys'), network(rest[0]));
  const days = positiveInteger(values.days, 'days');
  switch (command) {
    case 'create-network': {
      const paths = await authority.create(now, days);
      output.out(`created CA of network ${authority.network}: ${paths.certificate}`);
      return;
    }
    case 'issue-partner': {
      const issued = await authority.issue(
        {
          kind: 'partner',
          organisation: organisation(rest[1]),
          ...(values.name === undefined ? {} : { organisationName: values.name }),
          ...(days === undefined ? {} : { days }),
        },
        now,
      );
      output.out(`issued ${issued.serial}: ${issued.certificate} (key ${issued.privateKey})`);
      return;
    }
    case 'issue-adapter': {
      const issued = await authority.issue(
        {
          kind: 'adapter',
          organisation: organisation(rest[1]),
          hosts: hosts(values.host),
          ...(days === undefined ? {} : { days }),
        },
        now,
      );
      output.out(`issued ${issued.serial}: ${issued.certificate} (key ${issued.privateKey})`);
      return;
    }
    case 'issue-broker': {
      const serverHosts = hosts(values.host);
      for (const kind of ['broker-server', 'broker-client'] as const) {
        const issued = await authority.issue(
          {
            kind,
            organisation: BROKER_ORGANISATION,
            ...(kind === 'broker-server' ? { hosts: serverHosts } : {}),
            ...(days === undefined ? {} : { days }),
          },
          now,
        );
        output.out(`issued ${kind} ${issued.serial}: ${issued.certificate}`);
      }
      return;
    }
    case 'issue-person': {
      const passphraseFile = values['passphrase-file'];
      const passphrase =
        passphraseFile === undefined ? generatedPassphrase() : await passphraseFrom(passphraseFile);
      const issued = await authority.issuePerson(
        {
          organisation: organisation(rest[1]),
          person: personSubject(values.user, values.name, values.role),
          ...(days === undefined ? {} : { days }),
        },
        passphrase,
        now,
      );
      output.out(`issued ${issued.serial}: ${issued.certificate} (key ${issued.privateKey})`);
      output.out(`for the browser: ${issued.pkcs12}`);
      if (passphraseFile === undefined) {
        output.out(`its passphrase, shown this once and stored nowhere: ${passphrase}`);
      }
      return;
    }
    case 'rotate': {
      const [kind, id] = kindAndOrganisation(rest[1], rest[2]);
      const overlap = positiveInteger(values['overlap-days'], 'overlap-days');
      const issued = await authority.rotate(kind, id, now, overlap, days);
      output.out(
        `issued ${issued.serial}: ${issued.certificate}; the previous certificate is accepted for ${overlap ?? 14} more days`,
      );
      return;
    }
    case 'revoke': {
      const reason = values.reason ?? 'cessationOfOperation';
      if (!REASONS.has(reason)) throw usage(`unknown --reason "${reason}"`);
      const entry =
        rest[1] === 'person'
          ? await authority.revokePerson(
              organisation(rest[2]),
              userId(values.user),
              reason as RevocationReason,
              now,
            )
          : values.serial === undefined
            ? await authority.revokeCurrent(
                ...kindAndOrganisation(rest[1], rest[2]),
                reason as RevocationReason,
                now,
              )
            : await revokeSerial(authority, values.serial, reason as RevocationReason, now);
      output.out(`revoked ${entry.serial} (${entry.subject}) from ${entry.effectiveAt}`);
      return;
    }
    case 'list': {
      for (const line of await listIssued(authority, now)) output.out(line);
      return;
    }
    default:
      throw usage(`unknown command "${command}"`);
  }
}

function revokeSerial(
  authority: NetworkAuthority,
  serial: string,
  reason: RevocationReason,
  now: Date,
): ReturnType<NetworkAuthority['revokeSerial']> {
  if (!/^[0-9A-Fa-f]+$/.test(serial)) throw usage('--serial must be hexadecimal');
  return authority.revokeSerial(serial, reason, now);
}

async function listIssued(authority: NetworkAuthority, now: Date): Promise<string[]> {
  if (!(await authority.exists())) {
    throw new KeysError('NETWORK_MISSING', `network ${authority.network} has no CA yet`);
  }
  const revocations = await authority.revocations();
  const lines: string[] = [];
  for (const file of (await readdir(authority.layout.issued)).sort()) {
    const certificate = new X509Certificate(await readFile(join(authority.layout.issued, file)));
    const entry = revocations.get(certificate.serialNumber);
    const expired = new Date(certificate.validTo).getTime() < now.getTime();
    const status =
      entry === undefined
        ? expired
          ? 'expired'
          : 'valid'
        : Date.parse(entry.effectiveAt) <= now.getTime()
          ? `revoked (${entry.reason})`
          : `valid until ${entry.effectiveAt} (${entry.reason})`;
    lines.push(
      `${certificate.serialNumber}  ${certificate.subject.replaceAll('\n', ', ')}  ${status}`,
    );
  }
  return lines;
}
