import type { Logger } from './log/logger.ts';

/**
 * Stops on the first SIGINT (Ctrl-C) or SIGTERM, then exits 0, or 1 if stopping failed.
 * A second signal during the stop gets Node's default: an immediate exit.
 *
 * @example
 * stopOnSignal(() => broker.stop(), logger);
 */
export function stopOnSignal(stop: () => Promise<void>, logger: Logger): void {
  const handle = (): void => {
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}
