import { createInterface } from 'node:readline/promises';
import { UsageError } from './cli-io.ts';

/**
 * Standard input as `npm run audit` reads it: at a terminal, one line after a prompt on
 * stderr; from a pipe, all of it, refused past `maxBytes`.
 */
export async function readStandardInput(maxBytes: number): Promise<string> {
  if (process.stdin.isTTY) {
    const prompt = createInterface({
      input: process.stdin,
      output: process.stderr,
      terminal: false,
    });
    try {
      process.stderr.write('national identifier: ');
      for await (const line of prompt) return line;
      return '';
    } finally {
      prompt.close();
    }
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.from(chunk as Buffer);
    bytes += buffer.byteLength;
    if (bytes > maxBytes) throw new UsageError(`standard input is longer than ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
