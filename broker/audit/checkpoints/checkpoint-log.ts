import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * One line of the checkpoint log: the note as a JSON string, since a note spans several
 * lines and a log read line by line must not split one.
 */
export function checkpointLogLine(note: string): string {
  return `${JSON.stringify({ checkpoint: note })}\n`;
}

/** The note of one checkpoint log line; undefined when the line is not one. */
export function noteOfLogLine(line: string): string | undefined {
  try {
    const parsed = JSON.parse(line) as { checkpoint?: unknown };
    return typeof parsed.checkpoint === 'string' ? parsed.checkpoint : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The append-only checkpoint log, a file where the operator chooses (BROKER_CHECKPOINT_LOG),
 * ideally on another disk or machine than the database: every signed checkpoint is one
 * line, synced to disk before the next. `npm run audit -- verify --checkpoint-log` holds
 * the trail against it.
 *
 * @example
 * const log = await CheckpointLog.open('/var/log/zvh/audit-checkpoints.jsonl');
 * await log.append(published.note);
 */
export class CheckpointLog {
  readonly #handle: FileHandle;
  readonly file: string;

  private constructor(file: string, handle: FileHandle) {
    this.file = file;
    this.#handle = handle;
  }

  static async open(file: string): Promise<CheckpointLog> {
    await mkdir(dirname(file), { recursive: true });
    return new CheckpointLog(file, await open(file, 'a', 0o644));
  }

  /** Resolves once the line is on disk. */
  async append(note: string): Promise<void> {
    await this.#handle.appendFile(checkpointLogLine(note));
    await this.#handle.datasync();
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}
