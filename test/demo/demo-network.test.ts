import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoProcess,
  poll,
  printedCommand,
  runPrinted,
  startDemo,
} from '../support/demo-process.ts';
import { available } from '../support/tools.ts';

/** Generous: key generation, tsx and seeding share two cores with other work. */
const START_MS = 180_000;
const STOP_MS = 30_000;
const COMMAND_MS = 60_000;

/** A push's result for a permitted recipient: delivered now, or queued for the worker. */
const ACCEPTED_FOR_DELIVERY = /^(delivered|queued)$/;

const curlInstalled = available('curl', ['--version']);

interface PullResult {
  readonly provider: string;
  readonly status: string;
  readonly data?: Record<string, Record<string, unknown>[]>;
}

/** The printed pull must bring records from the police and the school. */
function expectDataFromPoliceAndSchool(stdout: string): void {
  const results = JSON.parse(stdout) as PullResult[];
  expect(results.map((r) => [r.provider, r.status])).toEqual([
    ['politie-cn', 'data'],
    ['sgb', 'data'],
  ]);
  for (const result of results) {
    const records = Object.values(result.data ?? {}).flat();
    expect(records.length, result.provider).toBeGreaterThan(0);
  }
  // Need-to-know: youth care gets the incident, not the police's summary of it.
  expect(stdout).toContain('incident_date');
  expect(stdout).not.toContain('summary');
}

function caseIds(guide: string): string[] {
  return [...guide.matchAll(/\(.+ directs\) +([0-9a-f-]{36})/g)].map((match) => match[1] ?? '');
}

let stateDir: string;
let demo: DemoProcess | undefined;

const environment = () => ({
  BROKER_STATE_DIR: stateDir,
  BROKER_PORT: '0',
  DEMO_ADAPTER_FIRST_PORT: '0',
  LOG_LEVEL: 'warn',
});

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'zvh-demo-'));
});

afterAll(async () => {
  await demo?.stop('SIGKILL', STOP_MS).catch(() => undefined);
  await rm(stateDir, { recursive: true, force: true });
});

describe('npm start: the demo network', () => {
  let firstGuide = '';

  it(
    'comes up on a fresh state directory and prints the example cases',
    async () => {
      demo = startDemo(environment());
      firstGuide = await demo.ready(START_MS);
      expect(caseIds(firstGuide)).toHaveLength(4);
    },
    START_MS,
  );

  it(
    'answers the printed partner CLI pull with data from two providers',
    async () => {
      const pull = printedCommand(firstGuide, 'npm run -s partner -- pull');
      expectDataFromPoliceAndSchool(await runPrinted(pull));
    },
    COMMAND_MS,
  );

  it.runIf(curlInstalled)(
    'answers the printed curl pull alike',
    async () => {
      const curl = printedCommand(firstGuide, 'curl -sS', '/pull');
      expectDataFromPoliceAndSchool(await runPrinted(curl));
    },
    COMMAND_MS,
  );

  it(
    'delivers the printed partner CLI push to youth care and denies it to the school',
    async () => {
      const push = printedCommand(firstGuide, 'echo ');
      const answer = JSON.parse(await runPrinted(push)) as {
        results: { recipient: string; status: string; reasons?: string[] }[];
      };
      expect(answer.results.map((r) => r.recipient)).toEqual(['jeugdzorg-cn', 'sgb']);
      expect(answer.results[0]?.status).toMatch(ACCEPTED_FOR_DELIVERY);
      expect(answer.results[1]?.status).toBe('denied');
      expect(answer.results[1]?.reasons).toContain('DOMAIN_NOT_PERMITTED');
    },
    COMMAND_MS,
  );

  it(
    "shows the privacy officer the case's exchanges with the printed search",
    async () => {
      const search = printedCommand(firstGuide, 'npm run -s partner -- audit search');
      const page = JSON.parse(await runPrinted(search)) as {
        entries: { type: string; requester: { organisation: string } | null }[];
      };
      const types = page.entries.map((entry) => entry.type);
      expect(types).toEqual(expect.arrayContaining(['exchange.pull', 'exchange.push']));
    },
    COMMAND_MS,
  );

  it.runIf(curlInstalled)(
    'answers the printed curl push alike, and both reach the youth care inbox',
    async () => {
      const curl = printedCommand(firstGuide, 'curl -sS', '/push');
      const [toYouthCare] = JSON.parse(await runPrinted(curl)).results;
      expect(toYouthCare.recipient).toBe('jeugdzorg-cn');
      expect(toYouthCare.status).toMatch(ACCEPTED_FOR_DELIVERY);
      const inbox = firstGuide.match(/curl (http:\/\/127\.0\.0\.1:\d+\/v1\/inbox)/)?.[1];
      expect(inbox).toBeDefined();
      // A queued message arrives with the delivery worker's next attempt.
      const messages = await poll(COMMAND_MS / 2, async () => {
        const listed = JSON.parse(await runPrinted(`curl -sS ${inbox}`)) as {
          messages: { message: { sender: string; categories: object } }[];
        };
        return listed.messages.length === 2 ? listed.messages : undefined;
      });
      for (const { message } of messages) {
        expect(message.sender).toBe('politie-cn');
        expect(Object.keys(message.categories)).toEqual(['police_incidents']);
      }
    },
    COMMAND_MS,
  );

  it(
    'accepts the pending renewal with the printed covenant command, as the police',
    async () => {
      const accept = printedCommand(firstGuide, 'npm run -s partner -- covenant accept');
      const decision = JSON.parse(await runPrinted(accept)) as Record<string, string>;
      expect(decision).toMatchObject({ organisation: 'politie-cn', decision: 'accept' });
      const show = printedCommand(firstGuide, 'npm run -s partner -- covenant show');
      const covenant = JSON.parse(await runPrinted(show)) as {
        inForce: { id: string } | null;
        pending: { id: string; partners: { organisation: string; decision: string | null }[] }[];
      };
      expect(covenant.inForce).not.toBeNull();
      const renewal = covenant.pending.find((version) => version.id === decision.version);
      expect(
        renewal?.partners.find((partner) => partner.organisation === 'politie-cn')?.decision,
      ).toBe('accept');
    },
    COMMAND_MS,
  );

  it(
    'stops on SIGTERM with exit code 0, having signed a last checkpoint',
    async () => {
      expect(await demo?.stop('SIGTERM', STOP_MS)).toBe(0);
      demo = undefined;
      const db = new Database(join(stateDir, 'broker.sqlite'), { readonly: true });
      try {
        const { count } = db.prepare('select count(*) as count from audit_checkpoints').get() as {
          count: number;
        };
        expect(count).toBeGreaterThan(0);
      } finally {
        db.close();
      }
    },
    STOP_MS,
  );

  it(
    'restarts on the same state directory without seeding the cases again',
    async () => {
      const recorded = await readFile(join(stateDir, 'demo-cases.json'), 'utf8');
      demo = startDemo(environment());
      const guide = await demo.ready(START_MS);
      expect(caseIds(guide)).toEqual(caseIds(firstGuide));
      expect(await readFile(join(stateDir, 'demo-cases.json'), 'utf8')).toBe(recorded);
      const pull = printedCommand(guide, 'npm run -s partner -- pull');
      expectDataFromPoliceAndSchool(await runPrinted(pull));
      expect(await demo.stop('SIGTERM', STOP_MS)).toBe(0);
      demo = undefined;
      const db = new Database(join(stateDir, 'broker.sqlite'), { readonly: true });
      try {
        const { count } = db.prepare('select count(*) as count from cases').get() as {
          count: number;
        };
        expect(count).toBe(4);
      } finally {
        db.close();
      }
    },
    START_MS + COMMAND_MS + STOP_MS,
  );
});
