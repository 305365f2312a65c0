import type { Logger } from '../../log/logger.ts';
import type { CheckpointSigningKey } from './checkpoint-key.ts';
import type { CheckpointLog } from './checkpoint-log.ts';
import { type PublishedCheckpoint, publishCheckpoint } from './checkpoint-note-signer.ts';
import type { CheckpointWitnesses } from './checkpoint-witnesses.ts';
import type { Checkpointer } from './checkpointer.ts';

export interface CheckpointScheduleDependencies {
  readonly checkpointer: Checkpointer;
  readonly key: CheckpointSigningKey;
  /** The log identity in the notes: checkpointOrigin(network). */
  readonly origin: string;
  /** A checkpoint at the latest this long after the previous one, if entries came since. */
  readonly intervalMs: number;
  /** A checkpoint as soon as this many entries came since the previous one. */
  readonly everyEntries: number;
  /** The operator's checkpoint log file, if configured. */
  readonly log: CheckpointLog | undefined;
  readonly witnesses: CheckpointWitnesses;
  readonly logger: Logger;
}

export interface CheckpointSchedule {
  /** Stops the timer and waits for a checkpoint under way. */
  stop(): Promise<void>;
  /**
   * Signs the head now and publishes it, waiting for the log and the witnesses: at
   * shutdown, after the last appends, so the last checkpoint covers them.
   */
  checkpointNow(): Promise<void>;
}

/** How often the head is looked at: the entry count is noticed within this. */
const MAX_POLL_MS = 1000;

/**
 * Signs the chain head every `intervalMs` or every `everyEntries` entries, whichever
 * comes first, and publishes each checkpoint outside the database: a line in the
 * checkpoint log, and an offer to every witness. The entries after the last published
 * checkpoint are the unwitnessed tail, which this keeps short. Publishing is best effort
 * and never touches an exchange: a failure is logged, and a witness that missed a
 * checkpoint is offered the latest again at the next look.
 *
 * @example
 * const schedule = await startCheckpointSchedule({ checkpointer: store.checkpoints, key,
 *   origin: checkpointOrigin('bonaire'), intervalMs: 5000, everyEntries: 1000,
 *   log, witnesses, logger });
 * // at shutdown: await schedule.stop(); await store.audit.close(); await schedule.checkpointNow();
 */
export async function startCheckpointSchedule(
  deps: CheckpointScheduleDependencies,
): Promise<CheckpointSchedule> {
  const { checkpointer, logger } = deps;
  const latest = await checkpointer.latest();
  let published: PublishedCheckpoint | undefined =
    latest === null ? undefined : publishCheckpoint(latest, deps.origin, deps.key);
  // Monotonic: a clock set back must not stop the checkpoints.
  let signedAt = performance.now();
  let failing = false;

  const offerToWitnesses = (checkpoint: PublishedCheckpoint) =>
    deps.witnesses.offer(checkpoint).catch((error: unknown) => {
      logger.error({ err: error }, 'audit checkpoint not offered to the witnesses');
    });

  // One at a time, so that the log holds the checkpoints in order.
  let signing: Promise<unknown> = Promise.resolve();
  function signAndPublish(): Promise<PublishedCheckpoint | undefined> {
    const next = signing.then(signAndPublishNow);
    signing = next.catch(() => undefined);
    return next;
  }

  async function signAndPublishNow(): Promise<PublishedCheckpoint | undefined> {
    const checkpoint = await checkpointer.checkpoint(deps.key);
    signedAt = performance.now();
    if (checkpoint === null) {
      // Another broker on the same database signed this head first: publish from there on.
      const stored = await checkpointer.latest();
      if (stored !== null && stored.seq > (published?.seq ?? 0)) {
        published = publishCheckpoint(stored, deps.origin, deps.key);
      }
      return undefined;
    }
    published = publishCheckpoint(checkpoint, deps.origin, deps.key);
    try {
      await deps.log?.append(published.note);
    } catch (error) {
      logger.error(
        { err: error, file: deps.log?.file, size: checkpoint.seq },
        'audit checkpoint not written to the checkpoint log',
      );
    }
    return published;
  }

  async function look(): Promise<void> {
    try {
      const head = await checkpointer.headSeq();
      const since = head - (published?.seq ?? 0);
      const due =
        since > 0 &&
        (since >= deps.everyEntries || performance.now() - signedAt >= deps.intervalMs);
      if (due) await signAndPublish();
      if (failing) logger.info('audit checkpoints signed again');
      failing = false;
    } catch (error) {
      // Once per outage: a database that is down would otherwise log every second.
      if (!failing) logger.error({ err: error }, 'audit checkpoint failed; retrying');
      failing = true;
    }
    // Also the witnesses that missed the latest checkpoint get it again.
    if (published !== undefined) void offerToWitnesses(published);
  }

  let looking: Promise<void> | undefined;
  const timer = setInterval(
    () => {
      looking ??= look().finally(() => {
        looking = undefined;
      });
    },
    Math.min(deps.intervalMs, MAX_POLL_MS),
  );
  timer.unref();
  if (published !== undefined) void offerToWitnesses(published);

  return {
    async stop() {
      clearInterval(timer);
      await looking;
    },
    async checkpointNow() {
      const checkpoint = (await signAndPublish()) ?? published;
      if (checkpoint !== undefined) await offerToWitnesses(checkpoint);
    },
  };
}
