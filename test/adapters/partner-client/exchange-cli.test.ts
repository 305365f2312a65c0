import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runPartnerCli } from '../../../adapters/partner-client/cli.ts';
import { ASSERTION_HEADER } from '../../../keys/assertion/user-assertion.ts';
import { BROKER_ORGANISATION } from '../../../keys/certificates/certificate-profile.ts';
import { createNetwork, type Holder, type Network } from '../../support/certificates.ts';
import { type Captured, captured } from '../../support/cli-output.ts';
import { answer, type FakeServer, startFakeServer } from '../../support/fake-server.ts';

const CASE_ID = '5b0c4f4e-8a59-4a43-9d43-0f0d5e0b8a11';
const PERSON_ID = '0e7d3c9a-6f0e-4d43-8a1b-6f2f0c1d2e3f';
const INCIDENT = {
  police_incidents: {
    incident_date: '2026-11-22',
    incident_type: 'domestic_violence',
    role_in_incident: 'witness',
  },
};

let network: Network;
let broker: FakeServer;
let politie: Holder;

beforeAll(async () => {
  network = await createNetwork();
  broker = await startFakeServer(await network.issue('broker-server', BROKER_ORGANISATION));
  politie = await network.issue('partner', 'politie-cn');
});

afterAll(async () => {
  await broker?.close();
  await network?.remove();
});

beforeEach(() => {
  broker.received.length = 0;
  broker.behave(answer(200, []));
});

function partner(argv: readonly string[], stdin = ''): Promise<Captured> {
  return captured((io) =>
    runPartnerCli(
      [
        ...argv,
        ...['--broker', broker.url, '--cert', politie.paths.certificate],
        ...['--key', politie.paths.privateKey, '--ca', politie.paths.ca],
        ...['--user', 'agent-17', '--name', 'R. Martis', '--role', 'case_participant'],
      ],
      io,
      { readStdin: async () => stdin },
    ),
  );
}

describe('npm run partner -- pull', () => {
  it('posts purpose, categories and providers to the person pull route', async () => {
    const answered = [{ provider: 'sgb', status: 'data', data: {} }];
    broker.behave(answer(200, answered));
    const result = await partner([
      'pull',
      ...['--case', CASE_ID, '--person', PERSON_ID, '--purpose', 'case_meeting'],
      ...['--categories', 'police_incidents, school_attendance', '--providers', 'politie-cn,sgb'],
    ]);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out[0] ?? '')).toEqual(answered);
    const [request] = broker.received;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/v1/cases/${CASE_ID}/persons/${PERSON_ID}/pull`,
      headers: { 'content-type': 'application/json' },
      body: {
        purpose: 'case_meeting',
        categories: ['police_incidents', 'school_attendance'],
        providers: ['politie-cn', 'sgb'],
      },
    });
    expect(request?.headers[ASSERTION_HEADER.toLowerCase()]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('leaves providers out when none are named, and escapes ids in the path', async () => {
    await partner([
      'pull',
      ...['--case', '../../admin', '--person', PERSON_ID, '--purpose', 'case_meeting'],
      ...['--categories', 'signal'],
    ]);
    const [request] = broker.received;
    expect(request?.path).toBe(`/v1/cases/..%2F..%2Fadmin/persons/${PERSON_ID}/pull`);
    expect(request?.body).toEqual({ purpose: 'case_meeting', categories: ['signal'] });
  });

  it('prints the problem and exits 1 when the broker refuses', async () => {
    broker.behave(answer(404, { code: 'NOT_FOUND' }));
    const result = await partner([
      'pull',
      ...['--case', CASE_ID, '--person', PERSON_ID, '--purpose', 'case_meeting'],
      ...['--categories', 'signal'],
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out[0] ?? '')).toEqual({ code: 'NOT_FOUND' });
    expect(result.err).toEqual(['partner: the broker answered 404']);
  });
});

describe('npm run partner -- push', () => {
  it('posts the data file as categories, with person and recipients', async () => {
    const file = join(network.dir, 'incident.json');
    await writeFile(file, JSON.stringify(INCIDENT));
    const answered = { messageId: 'm-1', results: [] };
    broker.behave(answer(200, answered));
    const result = await partner([
      'push',
      ...['--case', CASE_ID, '--person', PERSON_ID, '--purpose', 'case_meeting'],
      ...['--data', file, '--recipients', 'jeugdzorg-cn,sgb'],
    ]);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out[0] ?? '')).toEqual(answered);
    expect(broker.received[0]).toMatchObject({
      method: 'POST',
      path: `/v1/cases/${CASE_ID}/push`,
      headers: { 'content-type': 'application/json' },
      body: {
        purpose: 'case_meeting',
        personId: PERSON_ID,
        categories: INCIDENT,
        recipients: ['jeugdzorg-cn', 'sgb'],
      },
    });
  });

  it('reads the data from standard input for --data -, without person or recipients', async () => {
    const result = await partner(
      ['push', '--case', CASE_ID, '--purpose', 'case_meeting', '--data', '-'],
      JSON.stringify(INCIDENT),
    );
    expect(result.code).toBe(0);
    expect(broker.received[0]?.body).toEqual({ purpose: 'case_meeting', categories: INCIDENT });
  });
});

describe('bad input', () => {
  const pullOptions = ['--case', CASE_ID, '--person', PERSON_ID, '--purpose', 'case_meeting'];
  const pushOptions = ['--case', CASE_ID, '--purpose', 'case_meeting'];
  const refusals: readonly [string, string[], string?][] = [
    ['pull without --case', ['pull', '--person', PERSON_ID, '--categories', 'signal']],
    ['pull without --categories', ['pull', ...pullOptions]],
    ['pull with empty --categories', ['pull', ...pullOptions, '--categories', ' , ']],
    [
      'pull with empty --providers',
      ['pull', ...pullOptions, '--categories', 'a', '--providers', ''],
    ],
    ['push without --data', ['push', ...pushOptions]],
    ['push without --purpose', ['push', '--case', CASE_ID, '--data', '-'], '{"signal":{}}'],
    ['push of a missing file', ['push', ...pushOptions, '--data', '/nonexistent/data.json']],
    ['push of text that is not JSON', ['push', ...pushOptions, '--data', '-'], 'incident!'],
    ['push of a list', ['push', ...pushOptions, '--data', '-'], '[{"signal":{}}]'],
    ['push of a flat record', ['push', ...pushOptions, '--data', '-'], '{"incident_date":"x"}'],
    ['push of no categories', ['push', ...pushOptions, '--data', '-'], '{}'],
    ['an unknown option', ['pull', ...pullOptions, '--categories', 'a', '--bogus', 'x']],
  ];
  for (const [name, argv, stdin] of refusals) {
    it(`refuses ${name} with one line and exit 2, calling nothing`, async () => {
      const result = await partner(argv, stdin);
      expect(result.code).toBe(2);
      expect(result.err).toHaveLength(1);
      expect(result.err[0]).toMatch(/^partner: [^\n]+$/);
      expect(broker.received).toEqual([]);
    });
  }
});
