import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import { nationalIdSchema } from '../../adapters/contract/national-id.ts';
import type { Clock } from '../../keys/clock.ts';
import { CaseRoleRequiredError, RecordConflictError } from '../errors/broker-error.ts';
import { type Actor, actorSchema } from './actor.ts';
import { loadCase, loadPerson } from './case-guard.ts';
import type { Database, PersonsTable } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import {
  type AgeBand,
  ageBandSchema,
  type Gender,
  genderSchema,
  turns16InSchema,
} from './domain-vocabulary.ts';
import type { IdentifierProtector } from './identifier-protector.ts';
import { parseInput } from './parse-input.ts';

const personInputSchema = z
  .strictObject({
    nationalId: nationalIdSchema,
    ageBand: ageBandSchema,
    /** Only in the band 13-17, the only one that cannot tell whether the person is 16. */
    turns16In: turns16InSchema.optional(),
    gender: genderSchema,
  })
  .refine((person) => person.turns16In === undefined || person.ageBand === '13-17', {
    path: ['turns16In'],
    message: 'only for a person in the age band 13-17',
  });
export type PersonInput = z.input<typeof personInputSchema>;

export interface PersonView {
  readonly id: string;
  readonly caseId: string;
  readonly pseudonym: string;
  readonly ageBand: AgeBand;
  /** The month a person in the band 13-17 turns 16, if the registrant gave it. */
  readonly turns16In: string | null;
  readonly gender: Gender;
}

/**
 * The persons of a case (usually a family). The national identifier is kept only sealed
 * and as a keyed pseudonym; it appears in no column, event or error in plain.
 */
export class PersonRegistry {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #protector: IdentifierProtector;

  constructor(db: Kysely<Database>, clock: Clock, protector: IdentifierProtector) {
    this.#db = db;
    this.#clock = clock;
    this.#protector = protector;
  }

  /** The registering partner supplies the persons; it knows them and asked their consent. */
  async add(
    network: string,
    caseId: string,
    actor: Actor,
    input: PersonInput,
  ): Promise<PersonView> {
    const person = parseInput(personInputSchema, input, 'person');
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now();
    const turns16In = person.turns16In ?? null;
    if (turns16In !== null && !turns16WithinTheBand(turns16In, at)) {
      throw new RequestInvalidError('invalid person', [
        'turns16In: not a month in which a person now aged 13 to 17 turns 16',
      ]);
    }
    const id = randomUUID();
    const pseudonym = this.#protector.pseudonymise(person.nationalId);
    await this.#db.transaction().execute(async (trx) => {
      const row = await loadCase(trx, network, caseId);
      if (row.registered_by_organisation !== by.organisation) {
        throw new CaseRoleRequiredError('registering partner', 'add_person');
      }
      if (row.phase === 'closed') throw new RecordConflictError('the case is closed');
      const existing = await trx
        .selectFrom('persons')
        .select('id')
        .where('case_id', '=', row.id)
        .where('pseudonym', '=', pseudonym)
        .executeTakeFirst();
      if (existing !== undefined)
        throw new RecordConflictError('the person is already in the case');
      await trx
        .insertInto('persons')
        .values({
          id,
          case_id: row.id,
          pseudonym,
          national_id_sealed: this.#protector.seal(person.nationalId, id),
          age_band: person.ageBand,
          turns_16_in: turns16In,
          gender: person.gender,
          added_at: at.toISOString(),
        })
        .execute();
      await DomainEventLog.append(trx, {
        type: 'person.added',
        network,
        actor: by,
        at,
        caseId: row.id,
        personPseudonym: pseudonym,
        details: { person_id: id, age_band: person.ageBand, gender: person.gender },
      });
    });
    return {
      id,
      caseId,
      pseudonym,
      ageBand: person.ageBand,
      turns16In,
      gender: person.gender,
    };
  }

  async list(network: string, caseId: string): Promise<PersonView[]> {
    await loadCase(this.#db, network, caseId);
    const rows = await this.#db
      .selectFrom('persons')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('added_at')
      .orderBy('id')
      .execute();
    return rows.map(toView);
  }

  /**
   * The keyed pseudonym the trail knows a person by in every case, for a privacy
   * officer's search: the identifier itself is never searched for, stored or logged.
   */
  pseudonymOf(nationalId: string): string {
    return this.#protector.pseudonymise(
      parseInput(nationalIdSchema, nationalId, 'national identifier'),
    );
  }

  /** The pseudonym of a person of the case; undefined for one the case does not hold. */
  async pseudonymInCase(caseId: string, personId: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('persons')
      .select('pseudonym')
      .where('case_id', '=', caseId)
      .where('id', '=', personId)
      .executeTakeFirst();
    return row?.pseudonym;
  }

  /** The person with this identifier in the case, found through the pseudonym. */
  async findByNationalId(
    network: string,
    caseId: string,
    nationalId: string,
  ): Promise<PersonView | undefined> {
    const normalised = parseInput(nationalIdSchema, nationalId, 'national identifier');
    await loadCase(this.#db, network, caseId);
    const row = await this.#db
      .selectFrom('persons')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('pseudonym', '=', this.#protector.pseudonymise(normalised))
      .executeTakeFirst();
    return row === undefined ? undefined : toView(row);
  }

  /**
   * The plain identifier, for the one use that needs it: naming the person to a partner's
   * adapter. The caller must not log or store it.
   */
  async revealNationalId(network: string, caseId: string, personId: string): Promise<string> {
    await loadCase(this.#db, network, caseId);
    const row = await loadPerson(this.#db, caseId, personId);
    return this.#protector.open(row.national_id_sealed, row.id);
  }
}

function toView(row: Selectable<PersonsTable>): PersonView {
  return {
    id: row.id,
    caseId: row.case_id,
    pseudonym: row.pseudonym,
    ageBand: ageBandSchema.parse(row.age_band),
    turns16In: row.turns_16_in,
    gender: genderSchema.parse(row.gender),
  };
}

/**
 * A person aged 13 to 17 now turns 16 at most three years from now, and turned 16 at most
 * two years ago: a month outside that contradicts the band.
 */
function turns16WithinTheBand(month: string, at: Date): boolean {
  const monthAt = (yearsFromNow: number) =>
    `${String(at.getUTCFullYear() + yearsFromNow)}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
  return month >= monthAt(-2) && month <= monthAt(3);
}
