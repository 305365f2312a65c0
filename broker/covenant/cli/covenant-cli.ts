import { type AuditCommand, type CliIo, runCommandTable } from '../../audit/cli/cli-io.ts';
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
export function runCovenantCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommandTable('covenant', COVENANT_USAGE, COMMANDS, argv, io);
}
