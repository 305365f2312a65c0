import { runCovenantCli } from './cli/covenant-cli.ts';

process.exitCode = await runCovenantCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
