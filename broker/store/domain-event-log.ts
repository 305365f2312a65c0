import type { Kysely } from 'kysely';
import type { EventDetails } from '../audit/trail/audit-record.ts';
import { appendToChain } from '../audit/trail/chain-append.ts';
import type { Actor } from './actor.ts';
import type { Database } from './database.ts';

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
  /** The event's place in the audit trail. */
  readonly seq: number;
}

const DOMAIN_PREFIX = 'domain.';

/**
 * Every change, recorded in the hash-chained audit trail as a `domain.<type>` entry in
 * the same transaction as the change itself: a change without its entry never commits,
 * and an entry altered afterwards breaks the chain.
 */
export class DomainEventLog {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Appends inside the caller's transaction, so that a change and its event commit together. */
  static async append(trx: Kysely<Database>, event: DomainEvent): Promise<void> {
    await appendToChain(
      trx,
      [
        {
          type: `domain.${event.type}`,
          at: event.at,
          network: event.network,
          requester: event.actor,
          ...(event.caseId === null ? {} : { caseId: event.caseId }),
          ...(event.personPseudonym === null ? {} : { personPseudonym: event.personPseudonym }),
          details: event.details,
        },
      ],
      event.at,
    );
  }

  /** The events of a case in the order they happened; they outlive the case's data. */
  async forCase(network: string, caseId: string): Promise<StoredDomainEvent[]> {
    const rows = await this.#db
      .selectFrom('audit_entries')
      .select([
        'seq',
        'at',
        'event_type',
        'network_id',
        'requester_organisation',
        'requester_user',
        'case_id',
        'person_pseudonym',
        'details',
      ])
      .where('network_id', '=', network)
      .where('case_id', '=', caseId)
      .where('event_type', 'like', `${DOMAIN_PREFIX}%`)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({
      seq: Number(row.seq),
      type: row.event_type.slice(DOMAIN_PREFIX.length),
      network: row.network_id,
      actor: { organisation: row.requester_organisation ?? '', user: row.requester_user ?? '' },
      at: new Date(row.at),
      caseId: row.case_id,
      personPseudonym: row.person_pseudonym,
      details: JSON.parse(row.details) as EventDetails,
    }));
  }
}
