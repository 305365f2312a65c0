import { continueTrace, formatTraceparent } from '../../../adapters/contract/trace-context.ts';
import type { AdapterAgentPool } from '../../identity/adapter-agent.ts';
import type { Logger } from '../../log/logger.ts';
import { offerCheckpoint, type WitnessAnswer } from './adapter-checkpoint-client.ts';
import type { PublishedCheckpoint } from './checkpoint-note-signer.ts';

export interface CheckpointWitnessesDependencies {
  /** Organisation id to its adapter's base URL: every partner's adapter is a witness. */
  readonly adapters: ReadonlyMap<string, string>;
  readonly agents: AdapterAgentPool;
  /** Bounds one offer. */
  readonly timeoutMs: number;
  readonly logger: Logger;
}

interface Lane {
  running: Promise<void>;
  /** Set by an offer made while the lane sends, so the lane sends the newest once more. */
  again: boolean;
}

/**
 * Hands the latest signed checkpoint to every partner's adapter, each of which keeps it
 * outside the broker's database. Best effort, apart from every exchange: a witness that
 * is down or slow delays nobody, has at most one offer under way, and is offered the
 * latest checkpoint again at the next `offer` until it holds it. A witness that refuses
 * for good (it holds a longer trail, or another head at this size) is logged as an error:
 * either the trail was cut short or rewritten, or the database was restored from a backup.
 *
 * @example
 * const witnesses = new CheckpointWitnesses({ adapters, agents, timeoutMs: 2000, logger });
 * await witnesses.offer(publishCheckpoint(checkpoint, origin, key));
 */
export class CheckpointWitnesses {
  readonly #deps: CheckpointWitnessesDependencies;
  readonly #lanes = new Map<string, Lane>();
  /** Per organisation: the size it holds, or refused for good. */
  readonly #settled = new Map<string, number>();
  readonly #failing = new Set<string>();
  #latest: PublishedCheckpoint | undefined;

  constructor(deps: CheckpointWitnessesDependencies) {
    this.#deps = deps;
  }

  /** Offers `checkpoint`, if newer than any before, to each witness that lacks it. */
  async offer(checkpoint: PublishedCheckpoint): Promise<void> {
    if (this.#latest === undefined || checkpoint.seq > this.#latest.seq) this.#latest = checkpoint;
    await Promise.all(
      [...this.#deps.adapters.keys()].map((organisation) => this.#lane(organisation)),
    );
  }

  #lane(organisation: string): Promise<void> {
    const lane = this.#lanes.get(organisation);
    if (lane !== undefined) {
      lane.again = true;
      return lane.running;
    }
    const created: Lane = { running: Promise.resolve(), again: false };
    created.running = (async () => {
      try {
        do {
          created.again = false;
          await this.#sendLatest(organisation);
        } while (created.again);
      } finally {
        this.#lanes.delete(organisation);
      }
    })();
    this.#lanes.set(organisation, created);
    return created.running;
  }

  async #sendLatest(organisation: string): Promise<void> {
    const latest = this.#latest;
    const url = this.#deps.adapters.get(organisation);
    if (latest === undefined || url === undefined) return;
    if ((this.#settled.get(organisation) ?? 0) >= latest.seq) return;
    const answer = await this.#ask(organisation, url, latest);
    const { logger } = this.#deps;
    if (answer.outcome === 'failed') {
      // Once per outage, not once per attempt.
      if (!this.#failing.has(organisation)) {
        this.#failing.add(organisation);
        logger.warn(
          { witness: organisation, size: latest.seq, reason: answer.reason },
          'audit checkpoint not published to a witness; offering it again',
        );
      }
      return;
    }
    if (this.#failing.delete(organisation)) {
      logger.info({ witness: organisation }, 'witness reachable again');
    }
    this.#settled.set(organisation, latest.seq);
    if (answer.outcome === 'refused') {
      logger.error(
        { witness: organisation, size: latest.seq, status: answer.status, code: answer.code },
        'a witness refused the audit checkpoint: it holds a longer or another trail (cut short, rewritten, or restored from a backup?)',
      );
    }
  }

  async #ask(
    organisation: string,
    url: string,
    latest: PublishedCheckpoint,
  ): Promise<WitnessAnswer> {
    try {
      return await offerCheckpoint(url, latest.note, latest.seq, {
        agent: this.#deps.agents.for(organisation),
        timeoutMs: this.#deps.timeoutMs,
        traceparent: formatTraceparent(continueTrace(undefined)),
      });
    } catch (error) {
      return { outcome: 'failed', reason: String(error) };
    }
  }
}
