import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { NotFoundError, RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import type { CovenantParties } from '../covenant/covenant-parties.ts';
import { RecordConflictError } from '../errors/broker-error.ts';
import { type Actor, actorSchema } from './actor.ts';
import {
  loadCase,
  loadPerson,
  requirePartner,
  requireRegistrantOrProcessDirector,
} from './case-guard.ts';
import type { Database } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import {
  categoriesSchema,
  type ObtainedHow,
  obtainedHowSchema,
  type StatementGiver,
  slugSchema,
  statementGiverSchema,
} from './domain-vocabulary.ts';
import { optionalStringList, toJson } from './json-column.ts';
import { parseInput } from './parse-input.ts';

const statementInputSchema = z.strictObject({
  personId: z.string().min(1),
  recipient: slugSchema,
  /** null: every category. */
  categories: categoriesSchema.nullable(),
  givenBy: statementGiverSchema,
  obtainedHow: obtainedHowSchema,
  /** When the person said it, which may be before it was recorded. */
  at: z.date(),
});
export type StatementInput = z.input<typeof statementInputSchema>;

export type StatementKind = 'consent' | 'objection';

export interface StatementView {
  readonly id: string;
  readonly kind: StatementKind;
  readonly personId: string;
  readonly recipient: string;
  readonly categories: readonly string[] | null;
  readonly givenBy: StatementGiver;
  readonly obtainedHow: ObtainedHow;
  /** given_at of a consent, made_at of an objection. */
  readonly at: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly withdrawnAt: string | null;
}

const TABLES = { consent: 'consents', objection: 'objections' } as const;
const START_COLUMNS = { consent: 'given_at', objection: 'made_at' } as const;

/**
 * Consent of a person to share with one recipient organisation, optionally for some
 * categories only, and the explicit objections that beat it. A withdrawal takes effect
 * at the moment it is recorded; nothing is ever overwritten.
 */
export class ConsentRegister {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #parties: CovenantParties;

  constructor(db: Kysely<Database>, clock: Clock, parties: CovenantParties) {
    this.#db = db;
    this.#clock = clock;
    this.#parties = parties;
  }

  /**
   * @example
   * await consent.record('bonaire', caseId, registrant, 'consent', {
   *   personId, recipient: 'jeugdzorg-cn', categories: null, givenBy: 'person',
   *   obtainedHow: 'in_person', at: new Date(),
   * });
   */
  async record(
    network: string,
    caseId: string,
    actor: Actor,
    kind: StatementKind,
    input: StatementInput,
  ): Promise<StatementView> {
    const statement = parseInput(statementInputSchema, input, kind);
    const by = parseInput(actorSchema, actor, 'actor');
    const now = this.#clock.now();
    if (statement.at > now)
      throw new RequestInvalidError(`invalid ${kind}`, ['at: lies in the future']);
    const id = randomUUID();
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      await requireRegistrantOrProcessDirector(trx, row, by, `record_${kind}`);
      if (row.phase === 'closed') throw new RecordConflictError('the case is closed');
      const person = await loadPerson(trx, row.id, statement.personId);
      await requirePartner(trx, this.#parties, network, statement.recipient);
      const common = {
        id,
        case_id: row.id,
        person_id: person.id,
        recipient: statement.recipient,
        categories: statement.categories === null ? null : toJson(statement.categories),
        given_by: statement.givenBy,
        obtained_how: statement.obtainedHow,
        recorded_by_organisation: by.organisation,
        recorded_by_user: by.user,
        recorded_at: now.toISOString(),
        withdrawn_at: null,
      };
      const startedAt = statement.at.toISOString();
      if (kind === 'consent') {
        await trx
          .insertInto('consents')
          .values({ ...common, given_at: startedAt })
          .execute();
      } else {
        await trx
          .insertInto('objections')
          .values({ ...common, made_at: startedAt })
          .execute();
      }
      await DomainEventLog.append(trx, {
        type: `${kind}.recorded`,
        network,
        actor: by,
        at: now,
        caseId: row.id,
        personPseudonym: person.pseudonym,
        details: {
          [`${kind}_id`]: id,
          recipient: statement.recipient,
          categories: statement.categories,
          given_by: statement.givenBy,
          obtained_how: statement.obtainedHow,
          [START_COLUMNS[kind]]: startedAt,
        },
      });
    });
    return {
      id,
      kind,
      personId: statement.personId,
      recipient: statement.recipient,
      categories: statement.categories,
      givenBy: statement.givenBy,
      obtainedHow: statement.obtainedHow,
      at: statement.at.toISOString(),
      recordedBy: by.organisation,
      recordedAt: now.toISOString(),
      withdrawnAt: null,
    };
  }

  /** Effective immediately: from the moment of recording the statement no longer holds. */
  async withdraw(
    network: string,
    caseId: string,
    actor: Actor,
    kind: StatementKind,
    statementId: string,
  ): Promise<void> {
    const by = parseInput(actorSchema, actor, 'actor');
    const now = this.#clock.now();
    const table = TABLES[kind];
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      await requireRegistrantOrProcessDirector(trx, row, by, `withdraw_${kind}`);
      const statement = await trx
        .selectFrom(table)
        .select(['id', 'person_id', 'recipient', 'withdrawn_at'])
        .where('case_id', '=', row.id)
        .where('id', '=', statementId)
        .executeTakeFirst();
      if (statement === undefined) throw new NotFoundError(kind);
      if (statement.withdrawn_at !== null)
        throw new RecordConflictError(`the ${kind} is already withdrawn`);
      await trx
        .updateTable(table)
        .set({ withdrawn_at: now.toISOString() })
        .where('id', '=', statement.id)
        .execute();
      const person = await loadPerson(trx, row.id, statement.person_id);
      await DomainEventLog.append(trx, {
        type: `${kind}.withdrawn`,
        network,
        actor: by,
        at: now,
        caseId: row.id,
        personPseudonym: person.pseudonym,
        details: { [`${kind}_id`]: statement.id, recipient: statement.recipient },
      });
    });
  }

  /** Every consent and objection of the person, withdrawn ones included, oldest first. */
  async forPerson(network: string, caseId: string, personId: string): Promise<StatementView[]> {
    await loadCase(this.#db, network, caseId);
    await loadPerson(this.#db, caseId, personId);
    const views: StatementView[] = [];
    for (const kind of ['consent', 'objection'] as const) {
      const rows = await this.#db
        .selectFrom(TABLES[kind])
        .selectAll()
        .select(`${START_COLUMNS[kind]} as started_at`)
        .where('person_id', '=', personId)
        .orderBy('recorded_at')
        .orderBy('id')
        .execute();
      for (const row of rows) {
        views.push({
          id: row.id,
          kind,
          personId: row.person_id,
          recipient: row.recipient,
          categories: optionalStringList(row.categories),
          givenBy: statementGiverSchema.parse(row.given_by),
          obtainedHow: obtainedHowSchema.parse(row.obtained_how),
          at: row.started_at,
          recordedBy: row.recorded_by_organisation,
          recordedAt: row.recorded_at,
          withdrawnAt: row.withdrawn_at,
        });
      }
    }
    return views;
  }
}
