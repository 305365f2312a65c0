import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { ReasonCode } from '../../policies/vocabulary/reason-codes.ts';
import type { AuditRecord } from '../audit/trail/audit-record.ts';
import { payloadDigest } from '../audit/trail/payload-digest.ts';
import type { PersonView } from '../store/person-registry.ts';
import type { PushAuditContext } from '../store/push-outbox.ts';
import { type CaseUpdate, keepPermittedUpdate } from './permitted-fields.ts';
import type { PullDependencies } from './pull-exchange.ts';
import { decidePush } from './push-decision.ts';
import type { PushDelivery } from './push-delivery.ts';

export type PushDependencies = Pick<
  PullDependencies,
  'store' | 'network' | 'policy' | 'logger' | 'clock' | 'adapters'
> & { readonly delivery: PushDelivery };

/** A push as the route validated it; the sender comes from certificate and assertion. */
export interface PushQuery {
  readonly sender: { readonly organisation: string; readonly user: string };
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
 * queued for its adapter only after the decision's audit entry is durable. Recipients are
 * independent: one's denial or failure never affects another's result.
 *
 * @example
 * const { messageId, results } = await push(deps, { sender, caseId, personId, purpose,
 *   categories: { signal: { signal_date: '2026-11-20', signal_type: 'school' } },
 *   recipients: undefined, requestId, traceparent });
 */
export async function push(deps: PushDependencies, query: PushQuery): Promise<PushOutcome> {
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
  const messageId = randomUUID();
  const categories = Object.keys(query.categories);

  const results = await Promise.all(
    recipients.map((recipient) =>
      pushTo(deps, query, { at, person, messageId, categories }, recipient),
    ),
  );
  return { messageId, results };
}

/** What every recipient's exchange of one push shares. */
interface PushContext {
  readonly at: Date;
  readonly person: PersonView | undefined;
  readonly messageId: string;
  readonly categories: readonly string[];
}

/** One recipient: decide, keep the permitted fields, audit, queue, and try to deliver. */
async function pushTo(
  deps: PushDependencies,
  query: PushQuery,
  { at, person, messageId, categories }: PushContext,
  recipient: string,
): Promise<PushResult> {
  const decision = await decidePush(deps, {
    network: deps.network,
    caseId: query.caseId,
    personId: person?.id,
    sender: query.sender.organisation,
    recipient,
    purpose: query.purpose,
    categories,
    at,
  });
  const exchangeId = randomUUID();
  const released = keepPermittedUpdate(query.categories, decision.permitted);
  const reasons = decision.reasons.map((reason) => reason.code);
  const audit: PushAuditContext = {
    network: deps.network,
    requester: query.sender,
    provider: query.sender.organisation,
    caseId: query.caseId,
    ...(person === undefined ? {} : { personPseudonym: person.pseudonym }),
    purpose: query.purpose,
    grounds: decision.grounds,
    policyRevision: decision.revision,
    requestId: query.requestId,
    exchangeId,
    traceparent: query.traceparent,
    details: { recipient, message_id: messageId },
  };
  const record = (outcome: Partial<AuditRecord>) =>
    append(deps, { ...audit, type: 'exchange.push', ...outcome }, recipient);
  const denied = async (
    codes: ReasonCode[],
    decided: 'allow' | 'deny' = 'deny',
  ): Promise<PushResult> => {
    const recorded = await record({
      categories,
      droppedFields: [...released.fields, ...released.dropped].sort(),
      decision: decided,
      reasons: codes,
    });
    return {
      recipient,
      status: 'denied' as const,
      exchangeId,
      reasons: recorded ? codes : [...codes, 'AUDIT_WRITE_FAILED'],
    };
  };

  if (!decision.allow) return denied(reasons);
  const sent = Object.keys(released.data);
  if (sent.length === 0) return denied([...reasons, 'NO_PERMITTED_FIELDS']);
  if (!deps.adapters.has(recipient)) return denied(['RECIPIENT_HAS_NO_ADAPTER'], 'allow');

  const payloadSha256 = payloadDigest(released.data);
  const recorded = await record({
    categories: sent,
    fields: released.fields,
    droppedFields: released.dropped,
    payloadSha256,
    decision: 'allow',
    reasons,
  });
  if (!recorded)
    return { recipient, status: 'denied', exchangeId, reasons: ['AUDIT_WRITE_FAILED'] };
  try {
    await deps.store.outbox.enqueue({
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
  } catch (error) {
    deps.logger.error(
      { err: error, recipient, exchangeId, requestId: query.requestId },
      'push outbox write failed: nothing sent',
    );
    return { recipient, status: 'denied', exchangeId, reasons: ['OUTBOX_WRITE_FAILED'] };
  }
  const first = await deps.delivery.deliver(recipient, messageId);
  if (first.outcome === 'rejected') {
    return { recipient, status: 'denied', exchangeId, reasons: [...first.reasons] };
  }
  return {
    recipient,
    status: first.outcome,
    exchangeId,
    ...(reasons.length > 0 ? { reasons } : {}),
  };
}

/** True once the entry is durable; a failed append is logged and reported as false. */
async function append(
  deps: PushDependencies,
  record: AuditRecord,
  recipient: string,
): Promise<boolean> {
  try {
    await deps.store.audit.append(record);
    return true;
  } catch (error) {
    deps.logger.error(
      { err: error, recipient, exchangeId: record.exchangeId },
      'audit append failed: nothing pushed',
    );
    return false;
  }
}
