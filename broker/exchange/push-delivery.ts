import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import { continueTrace, formatTraceparent } from '../../adapters/contract/trace-context.ts';
import type { InboxMessage } from '../../adapters/contract/wire-messages.ts';
import type { Clock } from '../../keys/clock.ts';
import type { ReasonCode } from '../../policies/vocabulary/reason-codes.ts';
import { ENGINE_REASON_CODES } from '../../policies/vocabulary/reason-codes.ts';
import type { AuditRecord } from '../audit/trail/audit-record.ts';
import type { AdapterAgentPool } from '../identity/adapter-agent.ts';
import type { Logger } from '../log/logger.ts';
import type { Decision } from '../policy/decision.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import type { BrokerStore } from '../store/broker-store.ts';
import type { QueuedMessage } from '../store/push-outbox.ts';
import { deliverToInbox, type InboxDelivery } from './adapter-inbox-client.ts';
import type { CaseUpdate } from './permitted-fields.ts';
import type { AdapterDirectory } from './pull-exchange.ts';
import { decidePush } from './push-decision.ts';

/** Waits between attempts to a recipient that fails: `initialMs`, doubling, at most `maxMs`. */
export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = Object.freeze({ initialMs: 500, maxMs: 60_000 });

export interface PushDeliveryDependencies {
  readonly store: BrokerStore;
  /** Decides again before each attempt: a message never outlives its ground. */
  readonly policy: PolicyEngine;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly adapters: AdapterDirectory;
  readonly agents: AdapterAgentPool;
  /** Bounds one attempt. */
  readonly timeoutMs: number;
  readonly backoff?: Backoff;
  /** How long `deliver` waits for a first outcome before it answers `queued`; 2 attempts. */
  readonly firstOutcomeWithinMs?: number;
}

/** What became of a message by the time its sender gets an answer. */
export type FirstOutcome =
  | { readonly outcome: 'delivered' | 'queued' }
  /** Dropped for good; `reasons` says why (the adapter refused it, or the policy now would). */
  | { readonly outcome: 'rejected'; readonly reasons: readonly ReasonCode[] };

const QUEUED: FirstOutcome = Object.freeze({ outcome: 'queued' });

export interface PushDelivery {
  /**
   * Has the message just queued for `recipient` delivered now, after the ones queued
   * before it, and resolves with its first outcome; `queued` when the recipient's adapter
   * failed or did not answer in time (delivery goes on in the background).
   */
  deliver(recipient: string, messageId: string): Promise<FirstOutcome>;
  /** Ends the attempts under way, then stops; what is left waits in the outbox. */
  stop(): Promise<void>;
}

const ENGINE_FAILURES: ReadonlySet<string> = new Set(ENGINE_REASON_CODES);

/** What an attempt came to; a rejection says by whom, so the audit entry can. */
type Offer =
  | { readonly outcome: 'delivered' }
  | Extract<InboxDelivery, { outcome: 'retry' }>
  | {
      readonly outcome: 'rejected';
      readonly by: 'adapter' | 'policy' | 'broker';
      readonly reasons: ReasonCode[];
      readonly status?: number;
      readonly policyRevision?: string;
    };

/** Whether the decision still lets every field of the waiting message go. */
function permitsAll(decision: Decision, categories: CaseUpdate): boolean {
  return (
    decision.allow &&
    Object.entries(categories).every(([category, record]) =>
      Object.keys(record).every((field) => decision.permitted[category]?.includes(field)),
    )
  );
}

interface Lane {
  /** Set by a new message while the lane looks for work, so it does not end too soon. */
  dirty: boolean;
  /** Cuts a backoff wait short. */
  wake: (() => void) | undefined;
  done: Promise<void>;
}

interface Waiter {
  readonly recipient: string;
  readonly settle: (outcome: FirstOutcome) => void;
}

/**
 * Starts delivering the push outbox: one lane per recipient, recipients in parallel, each
 * lane strictly in queue order (message n+1 is not offered before n was delivered or
 * rejected for good). Before each attempt the policy decides again on the current facts:
 * a message whose consent was withdrawn while it waited is dropped, not delivered. A failed
 * attempt is retried with exponential backoff; a new message for the recipient cuts the
 * wait short. At start it resumes every lane the outbox holds, so messages queued before
 * a restart are delivered after it.
 *
 * @example
 * const delivery = startPushDelivery({ store, policy, clock, logger, adapters, agents,
 *   timeoutMs: 2000 });
 * process.once('SIGTERM', () => void delivery.stop().then(() => store.close()));
 */
export function startPushDelivery(deps: PushDeliveryDependencies): PushDelivery {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const firstOutcomeWithinMs = deps.firstOutcomeWithinMs ?? 2 * deps.timeoutMs;
  const lanes = new Map<string, Lane>();
  const waiters = new Map<string, Waiter>();
  let stopped = false;

  const settle = (recipient: string, messageId: string, outcome: FirstOutcome) =>
    waiters.get(waitKey(recipient, messageId))?.settle(outcome);
  const settleBlocked = (recipient: string) => {
    for (const waiter of [...waiters.values()]) {
      if (waiter.recipient === recipient) waiter.settle(QUEUED);
    }
  };

  const kick = (recipient: string): void => {
    if (stopped) return;
    const running = lanes.get(recipient);
    if (running !== undefined) {
      running.dirty = true;
      running.wake?.();
      return;
    }
    const lane: Lane = { dirty: false, wake: undefined, done: Promise.resolve() };
    lanes.set(recipient, lane);
    lane.done = runLane(recipient, lane);
  };

  async function runLane(recipient: string, lane: Lane): Promise<void> {
    while (!stopped) {
      lane.dirty = false;
      let failedAttempts: number;
      try {
        const next = await deps.store.outbox.next(recipient);
        if (next === undefined) {
          if (lane.dirty) continue;
          break;
        }
        if (await attempt(next)) continue;
        failedAttempts = next.attempts + 1;
      } catch (error) {
        deps.logger.error({ err: error, recipient }, 'push delivery failed; retrying');
        failedAttempts = 1;
      }
      settleBlocked(recipient);
      await wait(lane, delayAfter(backoff, failedAttempts));
    }
    lanes.delete(recipient);
    settleBlocked(recipient);
  }

  /** True when the message left the queue (delivered or rejected for good). */
  async function attempt(queued: QueuedMessage): Promise<boolean> {
    const { recipient, message } = queued;
    const offered = await offer(queued);
    if (offered.outcome === 'retry') {
      await deps.store.outbox.recordAttempt(recipient, message.messageId);
      deps.logger.warn(
        {
          recipient,
          messageId: message.messageId,
          exchangeId: message.exchangeId,
          attempts: queued.attempts + 1,
          reason: offered.reason,
        },
        'push delivery failed; will retry',
      );
      return false;
    }
    const details = { message_id: message.messageId, attempts: queued.attempts + 1 };
    // The entry and the message's removal commit together. If they fail the message stays
    // and is offered again, which the adapter recognises by its id; and no crash between
    // the two can have the adapter's second acknowledgement recorded a second time.
    const entry: AuditRecord =
      offered.outcome === 'delivered'
        ? { ...queued.audit, recipient, type: 'exchange.push.delivered', details }
        : {
            ...queued.audit,
            recipient,
            type: 'exchange.push.rejected',
            reasons: offered.reasons,
            ...(offered.by === 'adapter'
              ? {}
              : {
                  decision: 'deny',
                  categories: [],
                  fields: [],
                  droppedFields: queued.audit.fields ?? [],
                }),
            ...(offered.policyRevision === undefined
              ? {}
              : { policyRevision: offered.policyRevision }),
            details: {
              ...details,
              rejected_by: offered.by,
              ...(offered.status === undefined ? {} : { adapter_status: offered.status }),
            },
          };
    await deps.store.audit.appendAtomically([entry], (trx) =>
      deps.store.outbox.remove(trx, recipient, message.messageId),
    );
    deps.logger.info(
      { recipient, messageId: message.messageId, exchangeId: message.exchangeId },
      offered.outcome === 'delivered' ? 'push delivered' : `push rejected by the ${offered.by}`,
    );
    settle(
      recipient,
      message.messageId,
      offered.outcome === 'delivered' ? offered : { outcome: 'rejected', reasons: offered.reasons },
    );
    return true;
  }

  async function offer(queued: QueuedMessage): Promise<Offer> {
    const { recipient, message } = queued;
    const url = deps.adapters.get(recipient);
    // The directory may come back with the recipient at the next start: keep the message.
    if (url === undefined) return { outcome: 'retry', reason: 'no adapter configured' };
    let person: InboxMessage['person'];
    try {
      const decision = await decidePush(deps, {
        network: queued.network,
        caseId: message.caseId,
        personId: queued.personId,
        sender: message.sender,
        recipient,
        purpose: message.purpose,
        categories: Object.keys(message.categories),
        at: notBefore(deps.clock.now(), queued.queuedAt),
        keepInput: false,
      });
      const codes = decision.reasons.map((reason) => reason.code);
      // The engine could not decide: that says nothing about the message, so ask again later.
      if (codes.some((code) => ENGINE_FAILURES.has(code))) {
        return { outcome: 'retry', reason: codes.join(',') };
      }
      if (!permitsAll(decision, message.categories)) {
        return {
          outcome: 'rejected',
          by: 'policy',
          reasons: codes.length > 0 ? codes : ['DECISION_CHANGED'],
          policyRevision: decision.revision,
        };
      }
      if (queued.personId !== undefined) {
        const nationalId = await deps.store.persons.revealNationalId(
          queued.network,
          message.caseId,
          queued.personId,
        );
        person = { nationalId };
      }
    } catch (error) {
      if (error instanceof NotFoundError) {
        return { outcome: 'rejected', by: 'broker', reasons: ['CASE_DATA_GONE'] };
      }
      throw error;
    }
    const delivery = await deliverToInbox(
      url,
      { ...message, ...(person === undefined ? {} : { person }) },
      {
        agent: deps.agents.for(recipient),
        timeoutMs: deps.timeoutMs,
        traceparent: queued.audit.traceparent ?? formatTraceparent(continueTrace(undefined)),
      },
    );
    return delivery.outcome === 'rejected'
      ? {
          outcome: 'rejected',
          by: 'adapter',
          reasons: ['ADAPTER_REJECTED'],
          status: delivery.status,
        }
      : delivery;
  }

  const resumed = deps.store.outbox.recipients().then(
    (recipients) => {
      for (const recipient of recipients) kick(recipient);
    },
    (error: unknown) => deps.logger.error({ err: error }, 'push outbox unreadable at start'),
  );

  return {
    deliver(recipient, messageId) {
      if (stopped) return Promise.resolve(QUEUED);
      return new Promise<FirstOutcome>((resolve) => {
        const key = waitKey(recipient, messageId);
        const timer = setTimeout(() => waiters.get(key)?.settle(QUEUED), firstOutcomeWithinMs);
        waiters.set(key, {
          recipient,
          settle: (outcome) => {
            clearTimeout(timer);
            waiters.delete(key);
            resolve(outcome);
          },
        });
        kick(recipient);
      });
    },
    async stop() {
      stopped = true;
      await resumed;
      const running = [...lanes.values()];
      for (const lane of running) lane.wake?.();
      await Promise.all(running.map((lane) => lane.done));
    },
  };
}

/**
 * The time a delivery is decided at: now, but never before the push was accepted. After
 * the clock jumped back, "now" would not yet see the consent the push was accepted on,
 * and the message would be dropped as if the consent were gone; a withdrawal recorded
 * since is seen either way.
 */
function notBefore(now: Date, accepted: Date): Date {
  return now.getTime() >= accepted.getTime() ? now : accepted;
}

function waitKey(recipient: string, messageId: string): string {
  return `${recipient}\n${messageId}`;
}

function delayAfter(backoff: Backoff, failedAttempts: number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.min(backoff.initialMs * 2 ** exponent, backoff.maxMs);
}

function wait(lane: Lane, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      lane.wake = undefined;
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    lane.wake = done;
  });
}
