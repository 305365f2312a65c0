import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { UsageError } from './cli-io.ts';

/** The options every command that reads the database takes. */
export const DATABASE_OPTIONS = {
  database: { type: 'string' },
  network: { type: 'string' },
  'state-dir': { type: 'string' },
  as: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

/** How the database options read in every command's `--help`. */
export const DATABASE_OPTIONS_USAGE = `Where (defaults from the broker's configuration, BROKER_* variables):
  --database <sqlite file | postgres url>   BROKER_DATABASE_URL, or <state dir>/broker.sqlite;
                                            a SQLite file that does not exist is an error
  --network <id>                            BROKER_NETWORK, default bonaire
  --state-dir <dir>                         BROKER_STATE_DIR, default .state: the identifier
                                            secret (unless BROKER_IDENTIFIER_KEY) is read there
  --as <user>                               who reads, for the trail; default the OS user
  -h, --help                                this text`;

/**
 * The command's own options after its name: strict, so that a misspelt flag is exit 2
 * rather than a filter silently left out; positionals only where the command takes one.
 */
export function parseCommand<const O extends ParseArgsOptionsConfig>(
  argv: readonly string[],
  options: O,
  positionals = 0,
) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify[\s\S]*$/, ''));
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  }
  return parsed;
}

/** A value that must be one of `allowed`, with the flag's name in the error. */
export function oneOf<const T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
