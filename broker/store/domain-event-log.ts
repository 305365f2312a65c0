import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from './actor.ts';
import type { Database } from './database.ts';
import { toJson } from './json-column.ts';

/** Scalars and lists of them only: no nested free text can slip into an event. */
export type EventDetails = Readonly<
  Record<string, string | number | boolean | null | readonly string[]>
>;

export interface DomainEvent {
  readonly type: string;
  readonly network: string;
  readonly actor: Actor;
  readonly at: Date;
  readonly caseId: string | null;
  readonly personPseudonym: string | null;
  readonly details: EventDetails;
}

export interface StoredDomainEvent extends DomainEvent {
  readonly seq: number;
  readonly id: string;
}

/**
 * The append-only record of every change, written in the same transaction as the change
 * itself. The audit trail of the exchange issue takes the table over.
 */
export class DomainEventLog {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Appends inside the caller's transaction, so that a change and its event commit together. */
  static async append(trx: Kysely<Database>, event: DomainEvent): Promise<void> {
    await trx
      .insertInto('domain_events')
      .values({
        id: randomUUID(),
        occurred_at: event.at.toISOString(),
        network_id: event.network,
        actor_organisation: event.actor.organisation,
        actor_user: event.actor.user,
        event_type: event.type,
        case_id: event.caseId,
        person_pseudonym: event.personPseudonym,
        details: toJson(event.details),
      })
      .execute();
  }

  /** The events of a case in the order they happened; they outlive the case's data. */
  async forCase(network: string, caseId: string): Promise<StoredDomainEvent[]> {
    const rows = await this.#db
      .selectFrom('domain_events')
      .selectAll()
      .where('network_id', '=', network)
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({
      seq: Number(row.seq),
      id: row.id,
      type: row.event_type,
      network: row.network_id,
      actor: { organisation: row.actor_organisation, user: row.actor_user },
      at: new Date(row.occurred_at),
      caseId: row.case_id,
      personPseudonym: row.person_pseudonym,
      details: JSON.parse(row.details) as EventDetails,
    }));
  }
}
