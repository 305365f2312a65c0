import type { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { noteOfLogLine } from '../checkpoints/checkpoint-log.ts';
import { type ExternalCheckpoint, externalCheckpoint } from './external-checkpoints.ts';

/**
 * The checkpoints of a checkpoint log file, line by line: memory stays flat however long
 * the log. A last line that is not a checkpoint is a write torn by a crash and is passed
 * over; any other line must be a checkpoint signed by `publicKey`.
 *
 * @example
 * await verifyAuditTrail(url, publicKey, { external: [checkpointLogSource(file, publicKey)] });
 */
export async function* checkpointLogSource(
  file: string,
  publicKey: KeyObject,
): AsyncGenerator<ExternalCheckpoint> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let pending: { readonly line: string; readonly number: number } | undefined;
  let number = 0;
  try {
    for await (const line of lines) {
      number += 1;
      if (pending !== undefined) yield fromLine(pending.line, pending.number);
      pending = { line, number };
    }
  } catch (error) {
    throw new Error(`cannot read the checkpoint log ${file}: ${(error as Error).message}`);
  }
  if (pending === undefined) return;
  const note = noteOfLogLine(pending.line);
  if (note !== undefined) yield externalCheckpoint(note, sourceOf(pending.number), publicKey);

  function fromLine(line: string, at: number): ExternalCheckpoint {
    const source = sourceOf(at);
    const note = noteOfLogLine(line);
    return note === undefined
      ? { source, signed: undefined }
      : externalCheckpoint(note, source, publicKey);
  }

  function sourceOf(at: number): string {
    return `checkpoint log ${file} line ${at}`;
  }
}
