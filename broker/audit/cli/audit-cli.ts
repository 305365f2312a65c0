import { type AuditCommand, type CliIo, runCommandTable } from './cli-io.ts';
import { entryCommand } from './entry-command.ts';
import { exportCommand } from './export-command.ts';
import { searchCommand } from './search-command.ts';
import { statsCommand } from './stats-command.ts';
import { statusCommand } from './status-command.ts';
import { subjectCommand } from './subject-command.ts';
import { verifyCommand } from './verify-command.ts';

const COMMANDS: readonly AuditCommand[] = [
  searchCommand,
  entryCommand,
  subjectCommand,
  statsCommand,
  statusCommand,
  exportCommand,
  verifyCommand,
];

export const AUDIT_USAGE = `usage: npm run audit -- <command> [options]

The privacy officer's audit, run by an operator on the broker's database. Every read of
entries is itself an audit.search entry, of the network's privacy officer, naming --as.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(8)}${command.summary}`).join('\n')}

npm run audit -- <command> --help shows a command's options.
Exit codes: 0 done; 1 the trail is broken (verify) or has no such entry (entry);
2 a wrong command line or an error, with one line "audit: <what>" on stderr.`;

/**
 * `npm run audit -- <command>`: runs one command and returns its exit code. A usage
 * error or a failure is one line `audit: <message>` on stderr and exit 2; a national
 * identifier, read from standard input, is in no line it writes.
 *
 * @example
 * process.exitCode = await runAuditCli(process.argv.slice(2), io);
 */
export function runAuditCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommandTable('audit', AUDIT_USAGE, COMMANDS, argv, io);
}
