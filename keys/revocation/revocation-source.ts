import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { RevocationList } from './revocation-list.ts';

export interface RevocationSourceEvents {
  onReload?(list: RevocationList): void;
  /** The file changed but could not be read: the last good list stays in force. */
  onError?(error: unknown): void;
}

/**
 * The revocation list in force, read from the network's revocations.json and re-read
 * whenever the file changes. Every connection and every request asks `current()`.
 *
 * @example
 * const revocations = await RevocationSource.open(layout.revocations, { onError: log });
 * revocations.watch();
 * revocations.current().revokedAt(serial, new Date());
 */
export class RevocationSource {
  readonly path: string;
  readonly #events: RevocationSourceEvents;
  readonly #listeners = new Set<(list: RevocationList) => void>();
  #list: RevocationList;
  #watching = false;

  private constructor(path: string, list: RevocationList, events: RevocationSourceEvents) {
    this.path = path;
    this.#list = list;
    this.#events = events;
  }

  /** Fails when the file is missing or invalid: a broker must not start without a list. */
  static async open(path: string, events: RevocationSourceEvents = {}): Promise<RevocationSource> {
    return new RevocationSource(path, RevocationList.parse(await readFile(path, 'utf8')), events);
  }

  current(): RevocationList {
    return this.#list;
  }

  /** Re-reads the file now; keeps the last good list if that fails. */
  async reload(): Promise<void> {
    try {
      this.#list = RevocationList.parse(await readFile(this.path, 'utf8'));
      this.#events.onReload?.(this.#list);
    } catch (error) {
      this.#events.onError?.(error);
      return;
    }
    for (const listener of this.#listeners) listener(this.#list);
  }

  /**
   * Calls `listener` with every list read from now on, so that what was let in under the
   * last one (an open connection, a kept-alive socket) can be closed the moment its
   * certificate is refused. Returns the call that stops it. A listener must not throw:
   * the watcher has no one to report to.
   */
  subscribe(listener: (list: RevocationList) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Polls the file's stat: unlike fs.watch it survives the rename the key tool uses for
   * atomic writes, and a second's delay is well inside any revocation promise.
   */
  watch(intervalMs = 1000): void {
    if (this.#watching) return;
    this.#watching = true;
    watchFile(this.path, { interval: intervalMs, persistent: false }, () => {
      void this.reload();
    });
  }

  close(): void {
    if (this.#watching) unwatchFile(this.path);
    this.#watching = false;
  }
}
