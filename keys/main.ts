import { runKeysCli } from './cli.ts';

process.exitCode = await runKeysCli(
  process.argv.slice(2),
  { out: (line) => console.log(line), err: (line) => console.error(line) },
  process.env,
  new Date(),
);
