import SqliteDatabase from 'better-sqlite3';
import { Prng } from './prng.ts';
import { daysAgo } from './sample-dates.ts';
import { KRALENDIJK_STREETS } from './sample-names.ts';
import { ageOf, type SamplePerson } from './sample-persons.ts';

/** The school administration's pupil row; address and phone are not exposed. */
export interface PupilRow {
  readonly bsn: string;
  readonly school_name: string;
  readonly grade: string;
  readonly enrolled_on: string;
  readonly home_address: string;
  readonly guardian_phone: string;
}

export interface AbsenceRow {
  readonly bsn: string;
  readonly term: string;
  readonly absence_hours: number;
  readonly unauthorised_hours: number;
  /** The date of the report to the compulsory-education officer, if one was made. */
  readonly leerplicht_report_on: string | null;
  readonly mentor_notes: string;
}

export interface SchoolSample {
  readonly pupils: readonly PupilRow[];
  readonly absences: readonly AbsenceRow[];
}

const LOCATIONS = ['SGB Liseo Boneriano', 'SGB Kolegio Papa Cornes'] as const;
const TRACKS = ['VMBO-b', 'VMBO-k', 'VMBO-t', 'HAVO', 'VWO'] as const;

/**
 * The school's records of the sample persons of secondary-school age (12 to 17): one
 * school record each, and this term's absence, high for the multi-problem family.
 */
export function generateSchoolSample(persons: readonly SamplePerson[], seed: number): SchoolSample {
  const random = new Prng(seed ^ 0x5c4_001);
  const pupils: PupilRow[] = [];
  const absences: AbsenceRow[] = [];
  for (const person of persons) {
    const age = ageOf(person.dateOfBirth);
    if (age < 12 || age > 17) continue;
    const year = Math.min(6, age - 11);
    pupils.push({
      bsn: person.nationalId,
      school_name: random.pick(LOCATIONS),
      grade: `${random.pick(TRACKS)} ${year}`,
      enrolled_on: `${2026 - year + 1}-08-${String(random.int(10, 20)).padStart(2, '0')}`,
      home_address: `${random.pick(KRALENDIJK_STREETS)} ${random.int(1, 80)}, Kralendijk`,
      guardian_phone: `+599 7${random.int(10, 99)} ${random.int(1000, 9999)}`,
    });
    const troubled = person.household === 'multi_problem';
    const unauthorised = troubled ? random.int(24, 70) : random.int(0, 6);
    absences.push({
      bsn: person.nationalId,
      term: '2026-2027 T1',
      absence_hours: unauthorised + random.int(2, 16),
      unauthorised_hours: unauthorised,
      leerplicht_report_on: unauthorised >= 16 ? daysAgo(random, 40, 5) : null,
      mentor_notes: `mentor conversation ${random.int(1, 9)}: not for release`,
    });
  }
  return { pupils, absences };
}

/** Writes the sample as the school administration's own SQLite database would hold it. */
export function writeSchoolDatabase(file: string, sample: SchoolSample): void {
  const database = new SqliteDatabase(file);
  try {
    database.exec(`
      create table leerling (bsn text primary key, school_name text not null, grade text not null,
        enrolled_on text not null, home_address text not null, guardian_phone text not null);
      create table verzuim (bsn text not null, term text not null, absence_hours integer not null,
        unauthorised_hours integer not null, leerplicht_report_on text, mentor_notes text not null);
    `);
    const pupil = database.prepare(
      'insert into leerling values (@bsn, @school_name, @grade, @enrolled_on, @home_address, @guardian_phone)',
    );
    const absence = database.prepare(
      'insert into verzuim values (@bsn, @term, @absence_hours, @unauthorised_hours, @leerplicht_report_on, @mentor_notes)',
    );
    database.transaction(() => {
      for (const row of sample.pupils) pupil.run(row);
      for (const row of sample.absences) absence.run(row);
    })();
  } finally {
    database.close();
  }
}
