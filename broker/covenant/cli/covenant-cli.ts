import { CodedError } from '../../../adapters/contract/coded-error.ts';
import {
  type AuditCommand,
  type CliIo,
  EXIT_FAILED,
  EXIT_OK,
  UsageError,
} from '../../audit/cli/cli-io.ts';
import { impactCommand } from './impact-command.ts';

const COMMANDS: readonly AuditCommand[] = [impactCommand];

export const COVENANT_USAGE = `usage: npm run covenant -- <command> [options]

The covenant's versions and policy bundles, run by an operator on the broker's database.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(8)}${command.summary}`).join('\n')}

npm run covenant -- <command> --help shows a command's options.
Exit codes: 0 done; 2 a wrong command line or an error, with one line "covenant: <what>"
on stderr.`;

/**
 * `npm run covenant -- <command>`: runs one command and returns its exit code. A usage
 * error or a failure is one line `covenant: <message>` on stderr and exit 2.
 *
 * @example
 * process.exitCode = await runCovenantCli(process.argv.slice(2), io);
 */
export async function runCovenantCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(COVENANT_USAGE);
    return EXIT_OK;
  }
  if (name === undefined) {
    io.err('covenant: missing <command> (npm run covenant -- --help)');
    return EXIT_FAILED;
  }
  const command = COMMANDS.find((known) => known.name === name);
  if (command === undefined) {
    io.err(`covenant: unknown command "${name}" (npm run covenant -- --help)`);
    return EXIT_FAILED;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const usage = error instanceof UsageError ? ` (npm run covenant -- ${name} --help)` : '';
    io.err(`covenant: ${describe(error)}${usage}`);
    return EXIT_FAILED;
  }
}

/** One line: the message, the rules a coded error names, never a stack. */
function describe(error: unknown): string {
  if (error instanceof CodedError && error.issues !== undefined && error.issues.length > 0) {
    return `${error.message}: ${error.issues.join('; ')}`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`.split('\n')[0] ?? '';
  }
  return String(error);
}
