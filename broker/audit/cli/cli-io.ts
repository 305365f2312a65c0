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
