import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continueTrace } from '../../../adapters/contract/trace-context.ts';
import { ConfigInvalidError, SourceUnavailableError } from '../../../adapters/kit/adapter-error.ts';
import { HttpJsonDataSource } from '../../../adapters/kit/http-json-data-source.ts';
import { SqlDataSource } from '../../../adapters/kit/sql-data-source.ts';
import {
  type FakePartnerSystem,
  startFakePartnerSystem,
} from '../../../adapters/reference/fake-partner-system.ts';

const trace = continueTrace(undefined);
let dir: string;
let api: FakePartnerSystem;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zvh-sources-'));
  api = await startFakePartnerSystem((path) => {
    if (path === '/people/123456789/cases') {
      return {
        person: { id: '123456789' },
        data: { cases: [{ opened: '2025-01-02', worker: { name: 'R. Janga' }, secret: 's1' }] },
      };
    }
    if (path === '/people/123456789/flag') return { on: false, secret: 's2' };
    if (path.startsWith('/broken/')) throw new Error('partner system bug');
    return undefined;
  });
});

afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HttpJsonDataSource', () => {
  const source = () =>
    new HttpJsonDataSource({
      categories: {
        case_involvement: {
          url: `${api.url}/people/{nationalId}/cases`,
          recordsAt: 'data.cases',
          fields: { involved_since: 'opened', contact_person: 'worker.name', involved: 'missing' },
        },
        housing: {
          url: `${api.url}/people/{nationalId}/flag`,
          fields: { eviction_risk: 'on' },
        },
        signal: { url: `${api.url}/broken/{nationalId}`, fields: { signal_date: 'date' } },
      },
    });
  const query = (category: string, fields: string[], nationalId = '123456789') => ({
    category,
    nationalId,
    fields,
    trace,
  });

  it('maps nested paths of each record and fills a missing one with null', async () => {
    expect(
      await source().records(
        query('case_involvement', ['involved_since', 'contact_person', 'involved']),
      ),
    ).toEqual([{ involved_since: '2025-01-02', contact_person: 'R. Janga', involved: null }]);
    expect(await source().records(query('housing', ['eviction_risk']))).toEqual([
      { eviction_risk: false },
    ]);
  });

  it('reads only the fields asked, and a 404 is an empty result', async () => {
    expect(await source().records(query('case_involvement', ['involved_since']))).toEqual([
      { involved_since: '2025-01-02' },
    ]);
    expect(await source().records(query('housing', ['eviction_risk'], '000000001'))).toEqual([]);
  });

  it('turns a failing partner system into SOURCE_UNAVAILABLE', async () => {
    await expect(source().records(query('signal', ['signal_date']))).rejects.toBeInstanceOf(
      SourceUnavailableError,
    );
  });

  it('refuses a URL template without the person placeholder', () => {
    expect(
      () =>
        new HttpJsonDataSource({ categories: { housing: { url: `${api.url}/all`, fields: {} } } }),
    ).toThrow(ConfigInvalidError);
  });
});

describe('SqlDataSource', () => {
  it('selects only the mapped columns of the one person, read-only', async () => {
    const file = join(dir, 'partner.sqlite');
    const database = new SqliteDatabase(file);
    database.exec(`create table dossier (bsn text, opened text, worker text, notes text);
      insert into dossier values ('111111111', '2024-05-01', 'E. Frans', 'private'),
        ('111111111', '2025-03-01', 'L. Thode', 'private'), ('222222222', '2025-01-01', 'X', 'other');`);
    database.close();
    const source = SqlDataSource.open({
      file,
      categories: {
        case_involvement: {
          table: 'dossier',
          personColumn: 'bsn',
          newestFirstBy: 'opened',
          columns: { involved_since: 'opened', contact_person: 'worker' },
        },
      },
    });
    try {
      expect(
        await source.records({
          category: 'case_involvement',
          nationalId: '111111111',
          fields: ['involved_since', 'contact_person'],
          trace,
        }),
      ).toEqual([
        { involved_since: '2025-03-01', contact_person: 'L. Thode' },
        { involved_since: '2024-05-01', contact_person: 'E. Frans' },
      ]);
    } finally {
      await source.close();
    }
  });

  it('answers true or false for a yes/no field stored as 0 or 1', async () => {
    const file = join(dir, 'ehr.sqlite');
    const database = new SqliteDatabase(file);
    database.exec(`create table treatment (bsn text, active integer, practitioner text);
      insert into treatment values ('111111111', 1, 'S. Martis'), ('111111111', 0, 'E. Frans');`);
    database.close();
    const source = SqlDataSource.open({
      file,
      categories: {
        mental_health_treatment: {
          table: 'treatment',
          personColumn: 'bsn',
          columns: { in_treatment: 'active', contact_person: 'practitioner' },
          booleans: ['in_treatment'],
        },
      },
    });
    try {
      const records = await source.records({
        category: 'mental_health_treatment',
        nationalId: '111111111',
        fields: ['in_treatment', 'contact_person'],
        trace,
      });
      expect(records.map((r) => r.in_treatment)).toEqual([true, false]);
    } finally {
      await source.close();
    }
  });

  it('refuses a mapping whose names are not plain SQL names', () => {
    expect(() =>
      SqlDataSource.open({
        file: join(dir, 'partner.sqlite'),
        categories: {
          housing: { table: 'dossier; drop table x', personColumn: 'bsn', columns: {} },
        },
      }),
    ).toThrow(/not a plain SQL name/);
  });
});
