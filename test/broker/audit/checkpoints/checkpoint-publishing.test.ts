import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import {
  parseCheckpointNote,
  verifyCheckpointNote,
} from '../../../../adapters/contract/checkpoint-note.ts';
import type { RunningReferenceAdapter } from '../../../../adapters/reference/start-reference-adapter.ts';
import { noteOfLogLine } from '../../../../broker/audit/checkpoints/checkpoint-log.ts';
import {
  checkpointOrigin,
  publishCheckpoint,
} from '../../../../broker/audit/checkpoints/checkpoint-note-signer.ts';
import type { PolicyEngine } from '../../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../../demo/demo-cases.ts';
import { ApiClient } from '../../../support/api-client.ts';
import {
  appendPulls,
  type CheckpointPublishing,
  publishCheckpoints,
  useCheckpointKey,
} from '../../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../../support/cast.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';
import { answer } from '../../../support/fake-server.ts';
import { callAdapter } from '../../../support/https-request.ts';
import { capturingLogger } from '../../../support/logger.ts';
import { useTestNetwork } from '../../../support/network.ts';
import type { TestBroker } from '../../../support/test-broker.ts';

const network = useTestNetwork({ partners: ORGANISATIONS });
const keys = useCheckpointKey();
let policy: PolicyEngine;

beforeAll(async () => {
  policy = await openPolicyEngine('policies/bundle');
});

/** A witness with a state of its own, so it holds only what this test offered it. */
function startWitness(): Promise<RunningReferenceAdapter> {
  return network.startAdapter('politie-cn', { stateDir: `witness-${randomUUID()}` });
}

/** The checkpoints in a log file, as the verifier reads them. */
async function logged(file: string): Promise<{ size: number; signed: boolean }[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const note = parseCheckpointNote(noteOfLogLine(line) ?? '');
      return { size: note.size, signed: verifyCheckpointNote(note, keys.key.publicKey) };
    });
}

async function witnessed(adapter: RunningReferenceAdapter): Promise<number | undefined> {
  const held = await callAdapter(
    `${adapter.url}/v1/checkpoint`,
    network.agents.for(adapter.organisation),
    'GET',
  );
  if (held.status !== 200) return undefined;
  return parseCheckpointNote((held.json as { checkpoint: string }).checkpoint).size;
}

describeOnEveryDatabase('audit checkpoints published outside the database', (ctx) => {
  let publishing: CheckpointPublishing | undefined;
  let broker: TestBroker | undefined;
  afterEach(async () => {
    await publishing?.stop();
    publishing = undefined;
    await broker?.running.close();
    broker = undefined;
  });

  it('signs every N entries, writes each checkpoint to the log and hands it to the witness', async () => {
    const witness = await startWitness();
    publishing = await publishCheckpoints(ctx.store, keys.key, join(keys.dir, randomUUID()), {
      witnesses: new Map([['politie-cn', witness.url]]),
      agents: network.agents,
      everyEntries: 5,
      intervalMs: 300_000,
    });
    // The seeded domain events first, so that the count starts from here.
    await publishing.schedule.checkpointNow();
    const before = await ctx.store.checkpoints.headSeq();
    await appendPulls(ctx.store, 5);
    await vi.waitFor(async () => expect(await witnessed(witness)).toBe(before + 5), {
      timeout: 5000,
    });
    await appendPulls(ctx.store, 2);
    // Fewer than N since, and the interval far off: the shutdown checkpoint covers them.
    const sizes = async () => (await logged(publishing!.logFile)).map(({ size }) => size);
    expect(await sizes()).toEqual([before, before + 5]);
    await publishing.schedule.checkpointNow();
    expect(await logged(publishing.logFile)).toEqual(
      [before, before + 5, before + 7].map((size) => ({ size, signed: true })),
    );
    expect(await witnessed(witness)).toBe(before + 7);
  });

  it('signs within the interval however few entries came, and not when none came', async () => {
    publishing = await publishCheckpoints(ctx.store, keys.key, join(keys.dir, randomUUID()), {
      everyEntries: 1_000_000,
      intervalMs: 200,
    });
    await publishing.schedule.checkpointNow();
    const before = await ctx.store.checkpoints.headSeq();
    await appendPulls(ctx.store, 1);
    const sizes = async () => (await logged(publishing!.logFile)).map(({ size }) => size);
    await vi.waitFor(async () => expect(await sizes()).toEqual([before, before + 1]), {
      timeout: 5000,
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await sizes()).toEqual([before, before + 1]);
  });

  it('offers the latest checkpoint again to a witness that was down, once it is back', async () => {
    const flaky = await network.fakeAdapter('sgb');
    flaky.behave(answer(503, { code: 'INTERNAL' }));
    publishing = await publishCheckpoints(ctx.store, keys.key, join(keys.dir, randomUUID()), {
      witnesses: new Map([['sgb', flaky.url]]),
      agents: network.agents,
      intervalMs: 100,
    });
    const before = await ctx.store.checkpoints.headSeq();
    await appendPulls(ctx.store, 3);
    await vi.waitFor(() => expect(flaky.received.length).toBeGreaterThan(0), { timeout: 5000 });
    flaky.behave(() => ({ status: 201, text: JSON.stringify({ size: before + 3, stored: true }) }));
    const offered = flaky.received.length;
    await vi.waitFor(() => expect(flaky.received.length).toBeGreaterThan(offered), {
      timeout: 5000,
    });
    const last = flaky.received.at(-1);
    expect(last?.path).toBe('/v1/checkpoint');
    expect(parseCheckpointNote(String(last?.body.checkpoint)).size).toBe(before + 3);
    // Held now: no further offers until a new checkpoint.
    const settled = flaky.received.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(flaky.received.length).toBe(settled);
  });

  it('logs as an error a witness that holds a longer trail than the database', async () => {
    const witness = await startWitness();
    const before = await ctx.store.checkpoints.headSeq();
    // What the witness saw before someone cut the trail short.
    const longer = publishCheckpoint(
      { seq: before + 50, hash: 'a'.repeat(64), at: new Date().toISOString() },
      checkpointOrigin('bonaire'),
      keys.key,
    );
    await witness.witness.offer(longer.note);
    const { logger, lines } = capturingLogger();
    publishing = await publishCheckpoints(ctx.store, keys.key, join(keys.dir, randomUUID()), {
      witnesses: new Map([['politie-cn', witness.url]]),
      agents: network.agents,
      logger,
    });
    await appendPulls(ctx.store, 1);
    await publishing.schedule.checkpointNow();
    const refused = lines.map((line) => JSON.parse(line)).find((line) => line.code);
    expect(refused).toMatchObject({
      level: 50,
      witness: 'politie-cn',
      code: 'CHECKPOINT_STALE',
      msg: expect.stringContaining('a witness refused the audit checkpoint'),
    });
    expect(await witnessed(witness)).toBe(before + 50);
  });

  it('lets a pull through while one witness stalls and another is down', async () => {
    const police = await network.fakeAdapter('politie-cn');
    police.behave((received) => {
      if (received.path === '/v1/checkpoint') return null;
      return {
        status: 200,
        text: JSON.stringify({
          exchangeId: received.body.exchangeId,
          categories: {
            police_incidents: [
              {
                incident_date: '2026-05-01',
                incident_type: 'domestic_violence',
                role_in_incident: 'suspect',
              },
            ],
          },
        }),
      };
    });
    const down = await network.fakeAdapter('sgb');
    await down.close();
    const witnesses = new Map([
      ['politie-cn', police.url],
      ['sgb', down.url],
    ]);
    const { logger, lines } = capturingLogger();
    publishing = await publishCheckpoints(ctx.store, keys.key, join(keys.dir, randomUUID()), {
      witnesses,
      agents: network.agents,
      intervalMs: 100,
      logger,
    });
    ctx.clock.set(new Date().toISOString());
    broker = await network.startBroker({
      store: ctx.store,
      policy,
      adapters: { urls: Object.fromEntries(witnesses), timeoutMs: 2000 },
    });
    const api = new ApiClient(broker.url);
    const people = cast(network.holders);
    const theCase = await monitoredCase(api, people, DOMESTIC_VIOLENCE.father.nationalId);
    await giveConsent(api, people, theCase, 'jeugdzorg-cn');
    await vi.waitFor(
      () => expect(police.received.some((r) => r.path === '/v1/checkpoint')).toBe(true),
      { timeout: 5000 },
    );

    const pulled = await api.call(
      people.caseDirector,
      'POST',
      `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`,
      { purpose: 'case_meeting', categories: ['police_incidents'], providers: ['politie-cn'] },
    );
    expect(pulled.status).toBe(200);
    expect(pulled.body).toMatchObject([{ provider: 'politie-cn', status: 'data' }]);
    const head = await ctx.store.checkpoints.headSeq();
    await vi.waitFor(
      async () => expect((await logged(publishing!.logFile)).at(-1)?.size).toBe(head),
      { timeout: 5000 },
    );
    expect(lines.join('\n')).toContain('audit checkpoint not published to a witness');
  });
});
