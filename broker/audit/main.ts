import { runAuditCli } from './cli/audit-cli.ts';
import { readStandardInput } from './cli/standard-input.ts';

const progress = process.stderr.isTTY
  ? (text: string) => process.stderr.write(`\r\x1b[2K${text}`)
  : undefined;

process.exitCode = await runAuditCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  ...(progress === undefined ? {} : { progress }),
  env: process.env,
  readStdin: readStandardInput,
  stdout: process.stdout,
});
