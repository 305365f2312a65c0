import { CodedError } from '../../../adapters/contract/coded-error.ts';

/** What a command of `npm run audit` reads and writes; a test passes its own. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Rewrites the current stderr line; absent when stderr is not a terminal. */
  readonly progress?: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Standard input as text, at most `maxBytes`: a national identifier comes this way,
   * never as an argument, which process lists and shell histories keep.
   */
  readonly readStdin?: (maxBytes: number) => Promise<string>;
  /** Standard output as a stream, for an export; without it, lines go through `out`. */
  readonly stdout?: NodeJS.WritableStream;
}

/** The command line is wrong: one line on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** One command of `npm run audit`. */
export interface AuditCommand {
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** The command's `--help`. */
  readonly usage: string;
  /** The exit code: 0 done, 1 what the command checks for is not so, 2 it could not run. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_NOT_FOUND = 1;
export const EXIT_FAILED = 2;

/** One line: the message, the rules a coded error names, never a stack or an input value. */
export function describeError(error: unknown): string {
  if (error instanceof CodedError && error.issues !== undefined && error.issues.length > 0) {
    return `${error.message}: ${error.issues.join('; ')}`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`.split('\n')[0] ?? '';
  }
  return String(error);
}

/**
 * Runs the command `argv` names from `commands`, for the operator CLIs of the broker
 * (`npm run audit`, `npm run covenant`): a usage error or a failure is one line
 * `<program>: <message>` on stderr and exit 2.
 */
export async function runCommandTable(
  program: string,
  usage: string,
  commands: readonly AuditCommand[],
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return EXIT_OK;
  }
  if (name === undefined) {
    io.err(`${program}: missing <command> (npm run ${program} -- --help)`);
    return EXIT_FAILED;
  }
  const command = commands.find((known) => known.name === name);
  if (command === undefined) {
    io.err(`${program}: unknown command "${name}" (npm run ${program} -- --help)`);
    return EXIT_FAILED;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.progress?.('');
    const help = error instanceof UsageError ? ` (npm run ${program} -- ${name} --help)` : '';
    io.err(`${program}: ${describeError(error)}${help}`);
    return EXIT_FAILED;
  }
}
