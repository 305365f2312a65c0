import SqliteDatabase from 'better-sqlite3';
import { Prng } from './prng.ts';
import { daysAgo } from './sample-dates.ts';
import { STAFF_NAMES } from './sample-names.ts';
import type { SamplePerson } from './sample-persons.ts';

/** A row of the police records system's incident table; the last two are not exposed. */
export interface IncidentRow {
  readonly bsn: string;
  readonly occurred_on: string;
  readonly kind: string;
  readonly role: string;
  readonly summary: string;
  readonly report_no: string;
  readonly officer_badge: string;
  readonly internal_notes: string;
}

export interface ReportRow {
  readonly bsn: string;
  readonly filed_on: string;
  readonly report_type: string;
  readonly reporter_role: string;
  readonly status: string;
  readonly investigator: string;
}

export interface PoliceSample {
  readonly incidents: readonly IncidentRow[];
  readonly reports: readonly ReportRow[];
}

const SUMMARIES: Readonly<Record<string, readonly string[]>> = {
  domestic_violence: [
    'Neighbours reported shouting and a fight at the home; the partner had visible bruises.',
    'Call from the home at night; officers separated the partners and issued a warning.',
  ],
  shoplifting: ['Caught taking goods from a supermarket in Kralendijk with two friends.'],
  public_nuisance: ['Group of youths causing a nuisance near the boulevard after midnight.'],
  burglary: ['Break-in at a holiday apartment; the suspect was arrested near the scene.'],
  threat: ['Threatened a former partner by phone after release; warned by the police.'],
};

function incident(
  random: Prng,
  person: SamplePerson,
  kind: string,
  role: string,
  fromDays: number,
  toDays: number,
): IncidentRow {
  const occurred = daysAgo(random, fromDays, toDays);
  return {
    bsn: person.nationalId,
    occurred_on: occurred,
    kind,
    role,
    summary: random.pick(SUMMARIES[kind] ?? ['Incident recorded.']),
    report_no: `BON-${occurred.slice(0, 4)}-${String(random.int(1, 9999)).padStart(5, '0')}`,
    officer_badge: `KPCN-${random.int(100, 999)}`,
    internal_notes: `intel ${random.int(10_000, 99_999)}: not for release`,
  };
}

/**
 * The police's records of the sample persons: the domestic violence at the first
 * household, the eldest son of the second in a shoplifting case, and the released young
 * man's earlier burglary and a threat after his release.
 */
export function generatePoliceSample(persons: readonly SamplePerson[], seed: number): PoliceSample {
  const random = new Prng(seed ^ 0x0b0_11ce);
  const incidents: IncidentRow[] = [];
  const reports: ReportRow[] = [];
  const report = (person: SamplePerson, type: string, reporter: string, status: string) =>
    reports.push({
      bsn: person.nationalId,
      filed_on: daysAgo(random, 300, 20),
      report_type: type,
      reporter_role: reporter,
      status,
      investigator: random.pick(STAFF_NAMES),
    });
  for (const person of persons) {
    if (person.household === 'domestic_violence' && person.role === 'parent') {
      const role = person.gender === 'male' ? 'suspect' : 'victim';
      incidents.push(incident(random, person, 'domestic_violence', role, 400, 200));
      incidents.push(incident(random, person, 'domestic_violence', role, 120, 10));
      if (role === 'victim') report(person, 'domestic_violence', 'victim', 'sent_to_prosecutor');
    }
    if (person.household === 'domestic_violence' && person.ageBand === '13-17') {
      incidents.push(incident(random, person, 'domestic_violence', 'witness', 120, 10));
    }
    if (
      person.household === 'multi_problem' &&
      person.role === 'child' &&
      person.gender === 'male' &&
      person.ageBand === '13-17'
    ) {
      incidents.push(incident(random, person, 'public_nuisance', 'suspect', 500, 250));
      incidents.push(incident(random, person, 'shoplifting', 'suspect', 200, 30));
      report(person, 'shoplifting', 'shop owner', 'under_investigation');
    }
    if (person.role === 'released') {
      incidents.push(incident(random, person, 'burglary', 'suspect', 1400, 900));
      incidents.push(incident(random, person, 'threat', 'suspect', 60, 5));
      report(person, 'threat', 'former partner', 'under_investigation');
    }
  }
  return { incidents, reports };
}

/** Writes the sample as the police's own SQLite database would hold it. */
export function writePoliceDatabase(file: string, sample: PoliceSample): void {
  const database = new SqliteDatabase(file);
  try {
    database.exec(`
      create table incident (bsn text not null, occurred_on text not null, kind text not null,
        role text not null, summary text not null, report_no text not null,
        officer_badge text not null, internal_notes text not null);
      create table aangifte (bsn text not null, filed_on text not null, report_type text not null,
        reporter_role text not null, status text not null, investigator text not null);
    `);
    const incident = database.prepare(
      'insert into incident values (@bsn, @occurred_on, @kind, @role, @summary, @report_no, @officer_badge, @internal_notes)',
    );
    const report = database.prepare(
      'insert into aangifte values (@bsn, @filed_on, @report_type, @reporter_role, @status, @investigator)',
    );
    database.transaction(() => {
      for (const row of sample.incidents) incident.run(row);
      for (const row of sample.reports) report.run(row);
    })();
  } finally {
    database.close();
  }
}
