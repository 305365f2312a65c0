import { runPartnerCli } from './cli.ts';

process.exitCode = await runPartnerCli(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (line) => console.error(line),
  stream: process.stdout,
});
