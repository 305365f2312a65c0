import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { ReasonCode } from '../../policies/vocabulary/reason-codes.ts';
import type { AuditRecord } from '../audit/trail/audit-record.ts';
import { payloadDigest } from '../audit/trail/payload-digest.ts';
import { AuditWriteFailedError } from '../errors/broker-error.ts';
import type { Decision } from '../policy/decision.ts';
import type { PersonView } from '../store/person-registry.ts';
import type { HeldKey } from '../store/push-idempotency.ts';
import type { PushAuditContext, SealedMessage } from '../store/push-outbox.ts';
import { auditFailure, errorName, exchangeFailure } from './exchange-failure.ts';
import { type CaseUpdate, keepPermittedUpdate } from './permitted-fields.ts';
import type { PullDependencies } from './pull-exchange.ts';
import { decidePush } from './push-decision.ts';
import type { FirstOutcome, PushDelivery } from './push-delivery.ts';
import { trailReasons } from './withheld-categories.ts';

export type PushDependencies = Pick<
  PullDependencies,
  'store' | 'network' | 'policy' | 'logger' | 'clock' | 'adapters'
> & { readonly delivery: PushDelivery };

/** A push as the route validated it; the sender comes from certificate and assertion. */
export interface PushQuery {
  readonly sender: {
    readonly organisation: string;
    readonly user: string;
    readonly role: CaseRole;
  };
  readonly caseId: string;
  /** The person the update is about; absent for the case as a whole. */
  readonly personId: string | undefined;
  readonly purpose: string;
  readonly categories: CaseUpdate;
  /** Absent: every other participant organisation that has an adapter. */
  readonly recipients: readonly string[] | undefined;
  readonly requestId: string;
  /** The broker's span of the request's trace, sent on to the adapters. */
  readonly traceparent: string;
  /** The sender's Idempotency-Key and the SHA-256 of what it was sent with. */
  readonly idempotency: { readonly key: string; readonly requestSha256: string } | undefined;
}

export interface PushResult {
  readonly recipient: string;
  readonly status: 'delivered' | 'queued' | 'denied';
  readonly exchangeId: string;
  /** Why a recipient got nothing, or why some categories were left out. */
  readonly reasons?: ReasonCode[];
}

export interface PushOutcome {
  readonly messageId: string;
  readonly results: PushResult[];
}

/**
 * One push: the policy decides per recipient on the stored facts (the sender is the
 * provider), each recipient gets only the fields its decision permits, and its message is
 * queued for its adapter only together with the decision's durable audit entry. Recipients
 * are independent: whatever fails in one recipient's part (a value that cannot be digested
 * or sealed, an internal error) denies that recipient with `EXCHANGE_FAILED` in its own
 * entry, never another. With an Idempotency-Key, a retry gets the first push's answer and
 * nothing is sent again.
 *
 * @example
 * const { messageId, results } = await push(deps, { sender, caseId, personId, purpose,
 *   categories: { signal: { signal_date: '2026-11-20', signal_type: 'school' } },
 *   recipients: undefined, requestId, traceparent, idempotency: undefined });
 */
export async function push(deps: PushDependencies, query: PushQuery): Promise<PushOutcome> {
  const failure = exchangeFailure('exchange.push', deps.network, {
    ...query,
    requester: query.sender,
  });
  return auditFailure(deps, failure, async () => {
    if (query.idempotency === undefined) return pushOnce(deps, query, undefined);
    const claim = await deps.store.idempotency.claim<PushOutcome>(
      {
        network: deps.network,
        organisation: query.sender.organisation,
        key: query.idempotency.key,
      },
      query.idempotency.requestSha256,
    );
    if (claim.kind === 'answered') return claim.outcome;
    try {
      return await pushOnce(deps, query, claim.held);
    } catch (error) {
      await deps.store.idempotency.release(claim.held).catch(() => undefined);
      throw error;
    }
  });
}

/** What every recipient's part of one push shares. */
interface PushContext {
  readonly at: Date;
  readonly person: PersonView | undefined;
  readonly messageId: string;
  readonly categories: readonly string[];
}

/** One recipient's part before anything is written: its entry, and its message if any. */
interface Prepared {
  readonly entry: AuditRecord;
  /** The sealed message, for a recipient that gets one. */
  readonly sealed: SealedMessage | undefined;
  /** The answer, for a recipient that gets nothing. */
  readonly denied: PushResult | undefined;
  readonly recipient: string;
  readonly exchangeId: string;
  /** Category-level denials of a partly allowed push, for the answer. */
  readonly reasons: ReasonCode[];
}

async function pushOnce(
  deps: PushDependencies,
  query: PushQuery,
  held: HeldKey | undefined,
): Promise<PushOutcome> {
  const at = deps.clock.now();
  const participants = await deps.store.participants.list(deps.network, query.caseId);
  let person: PersonView | undefined;
  if (query.personId !== undefined) {
    const persons = await deps.store.persons.list(deps.network, query.caseId);
    person = persons.find((p) => p.id === query.personId);
    if (person === undefined) throw new NotFoundError('person');
  }
  const recipients =
    query.recipients ??
    [...new Set(participants.map((p) => p.organisation))].filter(
      (organisation) =>
        organisation !== query.sender.organisation && deps.adapters.has(organisation),
    );
  const context: PushContext = {
    at,
    person,
    messageId: randomUUID(),
    categories: Object.keys(query.categories),
  };
  const prepared = await Promise.all(
    recipients.map((recipient) => prepare(deps, query, context, recipient)),
  );
  const accepted: PushOutcome = {
    messageId: context.messageId,
    results: prepared.map((part) => part.denied ?? queuedResult(part)),
  };
  const sealed = prepared.flatMap((part) => (part.sealed === undefined ? [] : [part.sealed]));
  try {
    await deps.store.audit.appendAtomically(
      prepared.map((part) => part.entry),
      async (trx) => {
        await deps.store.outbox.insert(trx, sealed);
        if (held !== undefined) await deps.store.idempotency.accept(trx, held, accepted);
      },
    );
  } catch (error) {
    if (!(error instanceof AuditWriteFailedError)) throw error;
    deps.logger.error(
      { err: error, requestId: query.requestId, messageId: context.messageId },
      'audit append failed: nothing pushed',
    );
    if (held !== undefined) await deps.store.idempotency.release(held).catch(() => undefined);
    return {
      messageId: context.messageId,
      results: prepared.map((part) => ({
        recipient: part.recipient,
        status: 'denied',
        exchangeId: part.exchangeId,
        reasons: [...(part.denied?.reasons ?? []), 'AUDIT_WRITE_FAILED'],
      })),
    };
  }
  const outcome: PushOutcome = {
    messageId: context.messageId,
    results: await Promise.all(
      prepared.map((part) =>
        part.sealed === undefined
          ? (part.denied as PushResult)
          : firstDelivery(deps, part, context.messageId),
      ),
    ),
  };
  if (held !== undefined) {
    await deps.store.idempotency
      .answered(held, outcome)
      .catch((error: unknown) =>
        deps.logger.warn(
          { err: error, requestId: query.requestId },
          'push answer not kept for its Idempotency-Key; a retry gets "queued" instead',
        ),
      );
  }
  return outcome;
}

/** One recipient: decide, keep the permitted fields, digest and seal them. Never throws. */
async function prepare(
  deps: PushDependencies,
  query: PushQuery,
  { at, person, messageId, categories }: PushContext,
  recipient: string,
): Promise<Prepared> {
  const exchangeId = randomUUID();
  const base: PushAuditContext = {
    network: deps.network,
    requester: query.sender,
    provider: query.sender.organisation,
    recipient,
    caseId: query.caseId,
    ...(person === undefined ? {} : { personPseudonym: person.pseudonym }),
    purpose: query.purpose,
    requestedCategories: categories,
    categories: [],
    requestId: query.requestId,
    exchangeId,
    traceparent: query.traceparent,
    details: { message_id: messageId },
  };
  const part = { recipient, exchangeId };
  let decision: Decision | undefined;
  try {
    decision = await decidePush(deps, {
      network: deps.network,
      caseId: query.caseId,
      personId: person?.id,
      sender: query.sender.organisation,
      recipient,
      purpose: query.purpose,
      categories,
      at,
      keepInput: true,
    });
    const audit: PushAuditContext = {
      ...base,
      grounds: decision.grounds,
      policyRevision: decision.revision,
    };
    const released = keepPermittedUpdate(query.categories, decision.permitted);
    const reasons = decision.reasons.map((reason) => reason.code);
    const split = trailReasons(decision.reasons);
    const denied = (codes: ReasonCode[], decided: 'allow' | 'deny' = 'deny'): Prepared => ({
      ...part,
      entry: {
        ...audit,
        type: 'exchange.push',
        droppedFields: [...released.fields, ...released.dropped].sort(),
        decision: decided,
        reasons: [...split.reasons, ...codes],
        categoryReasons: split.categoryReasons,
      },
      sealed: undefined,
      denied: { ...part, status: 'denied', reasons: [...reasons, ...codes] },
      reasons: [...reasons, ...codes],
    });

    if (!decision.allow) return denied([]);
    const sent = Object.keys(released.data);
    if (sent.length === 0) return denied(['NO_PERMITTED_FIELDS']);
    if (!deps.adapters.has(recipient)) return denied(['RECIPIENT_HAS_NO_ADAPTER'], 'allow');

    const payloadSha256 = payloadDigest(released.data);
    const sealed = deps.store.outbox.seal({
      recipient,
      network: deps.network,
      personId: person?.id,
      message: {
        messageId,
        exchangeId,
        purpose: query.purpose,
        sender: query.sender.organisation,
        caseId: query.caseId,
        categories: released.data,
      },
      audit: {
        ...audit,
        categories: sent,
        fields: released.fields,
        payloadSha256,
        decision: 'allow',
      },
    });
    return {
      ...part,
      entry: {
        ...audit,
        type: 'exchange.push',
        categories: sent,
        fields: released.fields,
        droppedFields: released.dropped,
        payloadSha256,
        decision: 'allow',
        ...split,
      },
      sealed,
      denied: undefined,
      reasons,
    };
  } catch (error) {
    deps.logger.error(
      { err: error, recipient, exchangeId, requestId: query.requestId },
      'push to a recipient failed: nothing sent to it',
    );
    const reasons: ReasonCode[] = [
      ...(decision?.reasons.map((reason) => reason.code) ?? []),
      'EXCHANGE_FAILED',
    ];
    const split = trailReasons(decision?.reasons);
    return {
      ...part,
      entry: {
        ...base,
        ...(decision === undefined
          ? {}
          : { grounds: decision.grounds, policyRevision: decision.revision }),
        type: 'exchange.push',
        decision: decision?.allow ? 'allow' : 'deny',
        reasons: [...split.reasons, 'EXCHANGE_FAILED'],
        categoryReasons: split.categoryReasons,
        details: { ...base.details, error: errorName(error) },
      },
      sealed: undefined,
      denied: { ...part, status: 'denied', reasons },
      reasons,
    };
  }
}

function queuedResult(part: Prepared): PushResult {
  return {
    recipient: part.recipient,
    status: 'queued',
    exchangeId: part.exchangeId,
    ...(part.reasons.length > 0 ? { reasons: part.reasons } : {}),
  };
}

/** Waits a moment for the first delivery, so the answer can say `delivered`. */
async function firstDelivery(
  deps: PushDependencies,
  part: Prepared,
  messageId: string,
): Promise<PushResult> {
  let first: FirstOutcome;
  try {
    first = await deps.delivery.deliver(part.recipient, messageId);
  } catch (error) {
    // The message is queued durably: the worker goes on with it whatever happened here.
    deps.logger.error({ err: error, recipient: part.recipient }, 'push delivery not started');
    return queuedResult(part);
  }
  if (first.outcome === 'rejected') {
    return {
      recipient: part.recipient,
      status: 'denied',
      exchangeId: part.exchangeId,
      reasons: [...first.reasons],
    };
  }
  return { ...queuedResult(part), status: first.outcome };
}
