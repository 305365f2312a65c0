export interface Captured {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Runs a command line tool in this process, keeping what it writes to stdout and stderr. */
export async function captured(run: (io: CliIo) => Promise<number>): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run({ out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}
