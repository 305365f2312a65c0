import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from '../kit/data-source.ts';
import type { ExposureManifestInput } from '../kit/exposure-manifest.ts';
import { HttpJsonDataSource } from '../kit/http-json-data-source.ts';
import { SqlDataSource } from '../kit/sql-data-source.ts';
import { type FakePartnerSystem, startFakePartnerSystem } from './fake-partner-system.ts';
import { generateMentalHealthSample } from './mental-health-sample.ts';
import { generatePoliceSample, writePoliceDatabase } from './police-sample.ts';
import type { SamplePerson } from './sample-persons.ts';
import { generateSchoolSample, writeSchoolDatabase } from './school-sample.ts';
import { generateYouthCareSample } from './youth-care-sample.ts';

export type ReferencePartnerId = 'politie-cn' | 'jeugdzorg-cn' | 'sgb' | 'mhc';

export const REFERENCE_PARTNER_IDS: readonly ReferencePartnerId[] = [
  'politie-cn',
  'jeugdzorg-cn',
  'sgb',
  'mhc',
];

/** The partner's own system with the sample data, and the adapter's source over it. */
export interface SampleSystem {
  readonly source: DataSource;
  /** Set for the partners whose system is a JSON API. */
  readonly api?: FakePartnerSystem;
}

export interface ReferencePartner {
  readonly manifest: ExposureManifestInput;
  /** Writes or serves the sample data, and opens the adapter's data source over it. */
  startSystem(dir: string, persons: readonly SamplePerson[], seed: number): Promise<SampleSystem>;
}

async function freshFile(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  // The sample database is regenerated on every start, so it always matches the seed.
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
  return file;
}

/** Police: its records management system is a SQL database. */
const police: ReferencePartner = {
  manifest: {
    police_incidents: [
      'incident_date',
      'incident_type',
      'role_in_incident',
      'summary',
      'report_number',
    ],
    police_reports: ['report_date', 'report_type', 'reporting_party_role', 'status'],
  },
  async startSystem(dir, persons, seed) {
    const file = await freshFile(dir, 'politie-cn-rms.sqlite');
    writePoliceDatabase(file, generatePoliceSample(persons, seed));
    const source = SqlDataSource.open({
      file,
      categories: {
        police_incidents: {
          table: 'incident',
          personColumn: 'bsn',
          newestFirstBy: 'occurred_on',
          columns: {
            incident_date: 'occurred_on',
            incident_type: 'kind',
            role_in_incident: 'role',
            summary: 'summary',
            report_number: 'report_no',
          },
        },
        police_reports: {
          table: 'aangifte',
          personColumn: 'bsn',
          newestFirstBy: 'filed_on',
          columns: {
            report_date: 'filed_on',
            report_type: 'report_type',
            reporting_party_role: 'reporter_role',
            status: 'status',
          },
        },
      },
    });
    return { source };
  },
};

/** School: its pupil administration is a SQL database. */
const school: ReferencePartner = {
  manifest: {
    school_enrolment: ['school', 'grade', 'enrolled_since'],
    school_attendance: [
      'absence_hours_term',
      'unauthorised_absence',
      'compulsory_education_report',
    ],
  },
  async startSystem(dir, persons, seed) {
    const file = await freshFile(dir, 'sgb-pupils.sqlite');
    writeSchoolDatabase(file, generateSchoolSample(persons, seed));
    const source = SqlDataSource.open({
      file,
      categories: {
        school_enrolment: {
          table: 'leerling',
          personColumn: 'bsn',
          columns: { school: 'school_name', grade: 'grade', enrolled_since: 'enrolled_on' },
        },
        school_attendance: {
          table: 'verzuim',
          personColumn: 'bsn',
          newestFirstBy: 'term',
          columns: {
            absence_hours_term: 'absence_hours',
            unauthorised_absence: 'unauthorised_hours',
            compulsory_education_report: 'leerplicht_report_on',
          },
        },
      },
    });
    return { source };
  },
};

/** Youth care: its client system has a JSON API. */
const youthCare: ReferencePartner = {
  manifest: {
    youth_care_involvement: ['involved_since', 'care_type', 'contact_person'],
    care_plan_summary: ['goals', 'status', 'next_review'],
    case_involvement: ['involved', 'involved_since', 'contact_person', 'contact_phone'],
  },
  async startSystem(_dir, persons, seed) {
    const clients = new Map(
      generateYouthCareSample(persons, seed).map((client) => [client.nationalId, client]),
    );
    const api = await startFakePartnerSystem((path) => {
      const [, area, id, view] = path.split('/');
      const client = area === 'clients' && id !== undefined ? clients.get(id) : undefined;
      if (client === undefined) return undefined;
      if (view === 'trajectories') return { clientId: id, trajectories: client.trajectories };
      const current = client.trajectories[0];
      if (view === 'involvement' && current !== undefined) {
        return { active: true, since: current.start, worker: current.worker };
      }
      return undefined;
    });
    const trajectories = `${api.url}/clients/{nationalId}/trajectories`;
    const source = new HttpJsonDataSource({
      categories: {
        youth_care_involvement: {
          url: trajectories,
          recordsAt: 'trajectories',
          fields: { involved_since: 'start', care_type: 'type', contact_person: 'worker.name' },
        },
        care_plan_summary: {
          url: trajectories,
          recordsAt: 'trajectories',
          fields: { goals: 'plan.goals', status: 'plan.status', next_review: 'plan.review' },
        },
        case_involvement: {
          url: `${api.url}/clients/{nationalId}/involvement`,
          fields: {
            involved: 'active',
            involved_since: 'since',
            contact_person: 'worker.name',
            contact_phone: 'worker.phone',
          },
        },
      },
    });
    return { source, api };
  },
};

/** Mental health: its EHR has a JSON API. */
const mentalHealth: ReferencePartner = {
  manifest: { mental_health_treatment: ['in_treatment', 'contact_person'] },
  async startSystem(_dir, persons, seed) {
    const patients = new Map(
      generateMentalHealthSample(persons, seed).map((patient) => [patient.nationalId, patient]),
    );
    const api = await startFakePartnerSystem((path) => {
      const [, area, id, view] = path.split('/');
      if (area !== 'patients' || id === undefined || view !== 'status') return undefined;
      return patients.get(id);
    });
    const source = new HttpJsonDataSource({
      categories: {
        mental_health_treatment: {
          url: `${api.url}/patients/{nationalId}/status`,
          fields: { in_treatment: 'active', contact_person: 'practitioner.name' },
        },
      },
    });
    return { source, api };
  },
};

export const REFERENCE_PARTNERS: Readonly<Record<ReferencePartnerId, ReferencePartner>> = {
  'politie-cn': police,
  'jeugdzorg-cn': youthCare,
  sgb: school,
  mhc: mentalHealth,
};
