import { NotFoundError } from '../adapters/contract/coded-error.ts';
import {
  SAMPLE_PERSONS,
  type SampleHousehold,
  type SamplePerson,
  type SampleRole,
} from '../adapters/reference/sample-persons.ts';
import type { Actor } from '../broker/store/actor.ts';
import type { BrokerStore } from '../broker/store/broker-store.ts';
import type { LifeDomain, StatementGiver } from '../broker/store/domain-vocabulary.ts';
import type { Clock } from '../keys/clock.ts';
import { DEMO_CAST } from './demo-cast.ts';
import {
  DEMO_CASES,
  type DemoCase,
  readSeededCases,
  type SeededCases,
  writeSeededCases,
} from './seeded-case-record.ts';

const DAY_MS = 86_400_000;

/** The case id of each example case. */
export type DemoCaseIds = Readonly<Record<DemoCase, string>>;

/**
 * How long ago the case due for review went through its steps: half a year on the shadow
 * list (the covenant's term) and ten days more.
 */
export const REVIEW_DUE_AGO_MS = 193 * DAY_MS;

const { processDirector, police, youthCare, school, mentalHealth, probation } = DEMO_CAST;

/** A sample person of a household; the generated households always have these members. */
export function samplePerson(
  household: SampleHousehold,
  role: SampleRole,
  matches: (person: SamplePerson) => boolean = () => true,
): SamplePerson {
  const person = SAMPLE_PERSONS.find(
    (p) => p.household === household && p.role === role && matches(p),
  );
  if (person === undefined) throw new TypeError(`no sample ${role} in ${household}`);
  return person;
}

export const DOMESTIC_VIOLENCE = {
  father: samplePerson('domestic_violence', 'parent', (p) => p.gender === 'male'),
  mother: samplePerson('domestic_violence', 'parent', (p) => p.gender === 'female'),
  daughter: samplePerson('domestic_violence', 'child', (p) => p.gender === 'female'),
  son: samplePerson('domestic_violence', 'child', (p) => p.gender === 'male'),
} as const;

/** The store the demo seeds through, and one on the same database whose clock runs behind. */
export interface DemoStores {
  readonly now: BrokerStore;
  /** Its clock REVIEW_DUE_AGO_MS behind `clock`: the case due for review lived its steps then. */
  readonly earlier: BrokerStore;
  /** The clock of `now`. */
  readonly clock: Clock;
}

/** The clock of the store whose case is due for review, from the demo's own. */
export function earlierClock(clock: Clock): Clock {
  return { now: () => new Date(clock.now().getTime() - REVIEW_DUE_AGO_MS) };
}

/**
 * The example cases about the sample households of the reference adapters, and a case on
 * the shadow list whose review is due, each registered once: a restart finds the ones
 * recorded in `recordFile` and seeds only what is missing. Every step goes through the
 * store's domain operations, with the cast as actors, so it is checked and audited like
 * any change made through the API.
 *
 * @example
 * const cases = await ensureDemoCases({ now, earlier, clock }, 'bonaire', '.state/demo-cases.json');
 */
export async function ensureDemoCases(
  stores: DemoStores,
  network: string,
  recordFile: string,
): Promise<DemoCaseIds> {
  const seeded: SeededCases = await readSeededCases(recordFile);
  for (const name of DEMO_CASES) {
    const known = seeded[name];
    if (known !== undefined && (await caseExists(stores.now, network, known))) continue;
    const seeder =
      name === 'review_due'
        ? new CaseSeeder(stores.earlier, network, earlierClock(stores.clock))
        : new CaseSeeder(stores.now, network, stores.clock);
    seeded[name] = await STORIES[name](seeder);
    await writeSeededCases(recordFile, seeded);
  }
  return seeded as DemoCaseIds;
}

async function caseExists(store: BrokerStore, network: string, caseId: string): Promise<boolean> {
  try {
    await store.cases.get(network, caseId);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

type Story = (seeder: CaseSeeder) => Promise<string>;

const STORIES: Readonly<Record<DemoCase, Story>> = {
  /**
   * The police register violence at home. In the case meeting youth care directs the case;
   * the mother consents for herself and her children, the father objects to youth care,
   * and the process director approves an exception for his police incidents: the
   * children's safety is at stake. The incidents are criminal data, so the police, whose
   * data they are, co-approve it.
   */
  async domestic_violence(seeder) {
    const { father, mother, daughter, son } = DOMESTIC_VIOLENCE;
    const caseId = await seeder.register(police.actor, 'domestic_violence', [
      'crime',
      'parenting_minors',
      'social_relations',
      'mental_health',
    ]);
    const ids = await seeder.addPersons(caseId, police.actor, [father, mother, daughter, son]);
    await seeder.toCaseMeeting(caseId, youthCare.actor, [school.actor, mentalHealth.actor]);
    for (const recipient of ['jeugdzorg-cn', 'mhc']) {
      await seeder.consent(caseId, police.actor, ids(mother), recipient, 'person');
    }
    for (const child of [daughter, son]) {
      for (const recipient of ['jeugdzorg-cn', 'sgb']) {
        await seeder.consent(caseId, police.actor, ids(child), recipient, 'legal_representative');
      }
    }
    await seeder.store.consent.record(seeder.network, caseId, police.actor, 'objection', {
      personId: ids(father),
      recipient: 'jeugdzorg-cn',
      categories: null,
      givenBy: 'person',
      obtainedHow: 'in_person',
      at: seeder.daysAgo(2),
    });
    const exception = await seeder.store.legalGrounds.approve(
      seeder.network,
      caseId,
      processDirector.actor,
      {
        personId: ids(father),
        recipient: 'jeugdzorg-cn',
        categories: ['police_incidents'],
        reason: 'danger_to_those_involved',
        justification:
          'Repeated violence at home with children present; youth care needs the incidents to keep them safe.',
        // Within the covenant's maximum term of three months for an exception.
        expiresAt: new Date(seeder.now().getTime() + 60 * DAY_MS),
      },
    );
    await seeder.store.legalGrounds.decideAsProvider(
      seeder.network,
      caseId,
      police.actor,
      exception.id,
      {
        decision: 'approved',
        reason: 'Youth care needs the incidents at home to keep the children safe.',
      },
    );
    return caseId;
  },

  /**
   * The school registers a family after months of truancy. The plan is made and followed
   * up (monitoring); the mother withdrew her consent to share with the police after her
   * son's arrest.
   */
  async multi_problem(seeder) {
    const household = SAMPLE_PERSONS.filter((p) => p.household === 'multi_problem');
    const mother = samplePerson('multi_problem', 'parent');
    const caseId = await seeder.register(school.actor, 'multi_problem', [
      'education',
      'income_and_debts',
      'parenting_minors',
      'crime',
      'mental_health',
    ]);
    const ids = await seeder.addPersons(caseId, school.actor, household);
    await seeder.toCaseMeeting(caseId, youthCare.actor, [police.actor, mentalHealth.actor]);
    await seeder.store.cases.startMonitoring(seeder.network, caseId, processDirector.actor);
    for (const recipient of ['jeugdzorg-cn', 'mhc']) {
      await seeder.consent(caseId, school.actor, ids(mother), recipient, 'person');
    }
    for (const child of household.filter((p) => p.role === 'child')) {
      await seeder.consent(
        caseId,
        school.actor,
        ids(child),
        'jeugdzorg-cn',
        'legal_representative',
      );
    }
    const toPolice = await seeder.consent(
      caseId,
      school.actor,
      ids(mother),
      'politie-cn',
      'person',
    );
    await seeder.store.consent.withdraw(seeder.network, caseId, school.actor, 'consent', toPolice);
    await seeder.plan(caseId, youthCare.actor, [
      ['sgb', 'Arrange a school intake and a daily attendance check', 14, 'in_progress'],
      ['jeugdzorg-cn', 'Home visit to agree the family plan with the parents', -7, 'agreed'],
      ['mhc', 'Assessment appointment for the son', -3, 'done'],
    ]);
    return caseId;
  },

  /**
   * Probation registers a young man released from detention. He consents to sharing with
   * probation and the police, but objects to the police learning about his treatment.
   */
  async aftercare_after_detention(seeder) {
    const released = samplePerson('aftercare_after_detention', 'released');
    const relative = samplePerson('aftercare_after_detention', 'relative');
    const caseId = await seeder.register(probation.actor, 'aftercare_after_detention', [
      'crime',
      'housing',
      'work_daytime_activity',
      'mental_health',
    ]);
    const ids = await seeder.addPersons(caseId, probation.actor, [released, relative]);
    await seeder.toCaseMeeting(caseId, probation.actor, [police.actor, mentalHealth.actor]);
    for (const recipient of ['reclassering-cn', 'politie-cn']) {
      await seeder.consent(caseId, probation.actor, ids(released), recipient, 'person');
    }
    await seeder.store.consent.record(seeder.network, caseId, probation.actor, 'objection', {
      personId: ids(released),
      recipient: 'politie-cn',
      categories: ['mental_health_treatment'],
      givenBy: 'person',
      obtainedHow: 'in_person',
      at: seeder.daysAgo(1),
    });
    return caseId;
  },
  review_due: (seeder) => reviewDue(seeder),
};

/**
 * A family whose plan worked: the process director parked the case on the shadow list half
 * a year ago (REVIEW_DUE_AGO_MS, with a store whose clock runs that far behind), and its
 * review is now due, on the process director's list. No person: nothing is exchanged.
 */
async function reviewDue(seeder: CaseSeeder): Promise<string> {
  const caseId = await seeder.register(youthCare.actor, 'multi_problem', [
    'parenting_minors',
    'education',
  ]);
  await seeder.toCaseMeeting(caseId, youthCare.actor, [school.actor]);
  await seeder.store.cases.startMonitoring(seeder.network, caseId, processDirector.actor);
  await seeder.store.cases.moveToShadowList(seeder.network, caseId, processDirector.actor);
  return caseId;
}

/**
 * The joint plan's actions, agreed by the case director today, each `[organisation,
 * description, due in days (negative: past), status]`: a plan being followed, with an
 * overdue action for the case director's list.
 */
type PlannedAction = readonly [string, string, number, 'agreed' | 'in_progress' | 'done'];

/** The steps the stories share, bound to one store and network. */
class CaseSeeder {
  readonly store: BrokerStore;
  readonly network: string;
  readonly #clock: Clock;

  constructor(store: BrokerStore, network: string, clock: Clock) {
    this.store = store;
    this.network = network;
    this.#clock = clock;
  }

  now(): Date {
    return this.#clock.now();
  }

  /** Statements were made before they are recorded: a few days ago, never in the future. */
  daysAgo(days: number): Date {
    return new Date(this.now().getTime() - days * DAY_MS);
  }

  async register(
    registrant: Actor,
    caseType: SampleHousehold,
    lifeDomains: LifeDomain[],
  ): Promise<string> {
    const registered = await this.store.cases.register(this.network, registrant, {
      caseType,
      lifeDomains,
      criteria: {
        multiple_life_domains: true,
        cross_chain_cooperation: true,
        impact_on_family_system: true,
        serious_local_safety_problem: false,
      },
    });
    return registered.id;
  }

  /** The registering partner adds the household; the answer maps a sample person to its id. */
  async addPersons(
    caseId: string,
    registrant: Actor,
    persons: readonly SamplePerson[],
  ): Promise<(person: SamplePerson) => string> {
    const ids = new Map<SamplePerson, string>();
    for (const person of persons) {
      const added = await this.store.persons.add(this.network, caseId, registrant, {
        nationalId: person.nationalId,
        ageBand: person.ageBand,
        gender: person.gender,
      });
      ids.set(person, added.id);
    }
    return (person) => {
      const id = ids.get(person);
      if (id === undefined) throw new TypeError('the person is not in this case');
      return id;
    };
  }

  /** Triage takes the case; the partners join and a case director is appointed. */
  async toCaseMeeting(
    caseId: string,
    caseDirector: Actor,
    participants: readonly Actor[],
  ): Promise<void> {
    const director = processDirector.actor;
    await this.store.cases.startTriage(this.network, caseId, director);
    await this.store.cases.accept(this.network, caseId, director);
    for (const participant of participants) {
      await this.store.participants.add(this.network, caseId, director, {
        ...participant,
        role: 'case_participant',
      });
    }
    await this.store.participants.appointCaseDirector(this.network, caseId, director, caseDirector);
  }

  async plan(caseId: string, caseDirector: Actor, actions: readonly PlannedAction[]) {
    for (const [organisation, description, dueInDays, status] of actions) {
      const due = new Date(this.now().getTime() + dueInDays * DAY_MS).toISOString().slice(0, 10);
      const agreed = await this.store.actions.agree(this.network, caseId, caseDirector, {
        organisation,
        description,
        dueOn: due,
      });
      if (status !== 'agreed') {
        await this.store.actions.update(this.network, caseId, agreed.id, caseDirector, { status });
      }
    }
  }

  /** Consent to share everything with one recipient, asked by the registering partner. */
  async consent(
    caseId: string,
    registrant: Actor,
    personId: string,
    recipient: string,
    givenBy: StatementGiver,
  ): Promise<string> {
    const recorded = await this.store.consent.record(this.network, caseId, registrant, 'consent', {
      personId,
      recipient,
      categories: null,
      givenBy,
      obtainedHow: 'in_person',
      at: this.daysAgo(3),
    });
    return recorded.id;
  }
}
