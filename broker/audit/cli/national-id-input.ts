import { UsageError } from './cli-io.ts';

/** Far more than an identifier and a line end; more is not one identifier. */
const MAX_INPUT_BYTES = 1024;

/**
 * The national identifier from standard input: exactly one non-blank line. It is never an
 * argument, which process lists and shell histories keep, and it is never printed: an
 * error names what is wrong with the input, not the input.
 *
 * @example
 * // echo 123456782 | npm run audit -- subject
 * const nationalId = await nationalIdFromStdin(io.readStdin);
 */
export async function nationalIdFromStdin(
  readStdin: ((maxBytes: number) => Promise<string>) | undefined,
): Promise<string> {
  if (readStdin === undefined)
    throw new UsageError('no standard input to read the identifier from');
  const lines = (await readStdin(MAX_INPUT_BYTES))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (lines.length !== 1) {
    throw new UsageError(
      'standard input must hold the national identifier on one line (echo <id> | npm run audit -- ...)',
    );
  }
  return lines[0] as string;
}
