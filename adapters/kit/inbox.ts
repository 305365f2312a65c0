import type { Clock } from '../../keys/clock.ts';
import type { InboxMessage } from '../contract/wire-messages.ts';
import type { AdapterStateDb } from './adapter-state.ts';

export interface StoredMessage {
  readonly messageId: string;
  readonly receivedAt: string;
  readonly message: InboxMessage;
}

/**
 * Messages the broker pushed for this organisation, kept until the partner's systems
 * acknowledge them. On acknowledgement the message is deleted: the partner's own system
 * now holds it, and a second copy here would outlive its purpose.
 *
 * @example
 * const inbox = new Inbox(db, systemClock);
 * await inbox.store(message); // true when new, false for a retried delivery
 */
export class Inbox {
  readonly #db: AdapterStateDb;
  readonly #clock: Clock;

  constructor(db: AdapterStateDb, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Stores a message once; a retried delivery of the same `messageId` changes nothing. */
  async store(message: InboxMessage): Promise<boolean> {
    const result = await this.#db
      .insertInto('inbox')
      .values({
        seq: null,
        message_id: message.messageId,
        received_at: this.#clock.now().toISOString(),
        body: JSON.stringify(message),
      })
      .onConflict((conflict) => conflict.column('message_id').doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  /** The waiting messages, oldest first. */
  async pending(limit = 100): Promise<readonly StoredMessage[]> {
    const rows = await this.#db
      .selectFrom('inbox')
      .select(['message_id', 'received_at', 'body'])
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      messageId: row.message_id,
      receivedAt: row.received_at,
      message: JSON.parse(row.body) as InboxMessage,
    }));
  }

  /** Removes a taken message; false when there is no such message (already taken). */
  async acknowledge(messageId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('inbox')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
