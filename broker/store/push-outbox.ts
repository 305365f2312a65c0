import type { Insertable, Kysely } from 'kysely';
import type { InboxMessage } from '../../adapters/contract/wire-messages.ts';
import type { Clock } from '../../keys/clock.ts';
import type { AuditRecord } from '../audit/trail/audit-record.ts';
import { deriveKey, openText, sealText } from './aes-gcm-sealing.ts';
import type { Database, PushOutboxTable } from './database.ts';

/** What the entries about a message's delivery repeat of its decision entry. */
export type PushAuditContext = Omit<AuditRecord, 'type' | 'at'>;

/** A pushed message for one recipient, as the push exchange queues it. */
export interface OutboxMessage {
  readonly recipient: string;
  readonly network: string;
  /** The person the update is about; their national id is added only at delivery. */
  readonly personId: string | undefined;
  /** The inbox message as delivered, but for the person. */
  readonly message: Omit<InboxMessage, 'person'> & { readonly caseId: string };
  readonly audit: PushAuditContext;
}

export interface QueuedMessage extends OutboxMessage {
  /** Delivery attempts so far, this one not included. */
  readonly attempts: number;
  /** When the push was accepted: a delivery is never decided at an earlier time. */
  readonly queuedAt: Date;
}

/** A message sealed for its row, to be inserted in the push's own transaction. */
export type SealedMessage = Insertable<PushOutboxTable>;

/**
 * The durable queue of pushed messages, in order per recipient. The message body holds
 * case data, so it is sealed with a key of its own derived from the store's secret; the
 * national identifier is never stored here, only the person's id.
 *
 * @example
 * await outbox.enqueue({ recipient: 'jeugdzorg-cn', network, personId, message, audit });
 * const next = await outbox.next('jeugdzorg-cn');
 */
export class PushOutbox {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #key: Buffer;

  constructor(db: Kysely<Database>, clock: Clock, secret: Uint8Array) {
    this.#db = db;
    this.#clock = clock;
    this.#key = deriveKey(secret, 'zvh-broker push outbox v1');
  }

  async enqueue(queued: OutboxMessage): Promise<void> {
    await this.insert(this.#db, [this.seal(queued)]);
  }

  /**
   * The row of a message, sealed. Apart from the insert, so that a message that cannot be
   * sealed fails its own recipient's part of a push before anything is written.
   */
  seal(queued: OutboxMessage): SealedMessage {
    const { recipient, message } = queued;
    return {
      message_id: message.messageId,
      recipient,
      network_id: queued.network,
      case_id: message.caseId,
      person_id: queued.personId ?? null,
      sealed_message: sealText(this.#key, JSON.stringify(message), context(queued)),
      audit: JSON.stringify(queued.audit),
      attempts: 0,
      queued_at: this.#clock.now().toISOString(),
      last_attempt_at: null,
    };
  }

  /** Queues sealed messages in the caller's transaction (with their audit entries). */
  async insert(trx: Kysely<Database>, sealed: readonly SealedMessage[]): Promise<void> {
    if (sealed.length === 0) return;
    await trx.insertInto('push_outbox').values(sealed).execute();
  }

  /** The organisations that have messages waiting. */
  async recipients(): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('push_outbox')
      .select('recipient')
      .distinct()
      .orderBy('recipient')
      .execute();
    return rows.map((row) => row.recipient);
  }

  /** The oldest waiting message for the recipient: the only one that may be delivered now. */
  async next(recipient: string): Promise<QueuedMessage | undefined> {
    const row = await this.#db
      .selectFrom('push_outbox')
      .selectAll()
      .where('recipient', '=', recipient)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const base = {
      recipient,
      network: row.network_id,
      personId: row.person_id ?? undefined,
      audit: JSON.parse(row.audit) as PushAuditContext,
    };
    const sealedFor = { recipient, message: { messageId: row.message_id } };
    return {
      ...base,
      message: JSON.parse(openText(this.#key, row.sealed_message, context(sealedFor))),
      attempts: row.attempts,
      queuedAt: new Date(row.queued_at),
    };
  }

  /** Counts a failed attempt, for the operator and for the backoff after a restart. */
  async recordAttempt(recipient: string, messageId: string): Promise<void> {
    await this.#db
      .updateTable('push_outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_attempt_at: this.#clock.now().toISOString(),
      }))
      .where('recipient', '=', recipient)
      .where('message_id', '=', messageId)
      .execute();
  }

  /**
   * Delivered or permanently rejected: the message has no reason to stay. In the
   * transaction of the entry that says so, so that a crash cannot leave the message
   * to be offered, and recorded, again.
   */
  async remove(trx: Kysely<Database>, recipient: string, messageId: string): Promise<void> {
    await trx
      .deleteFrom('push_outbox')
      .where('recipient', '=', recipient)
      .where('message_id', '=', messageId)
      .execute();
  }
}

/** Binds a sealed body to its row: moved to another recipient or message, it does not open. */
function context(queued: {
  readonly recipient: string;
  readonly message: { readonly messageId: string };
}): string {
  return `${queued.recipient}\n${queued.message.messageId}`;
}
