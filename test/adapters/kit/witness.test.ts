import { createHash, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CheckpointStatement,
  signCheckpointNote,
} from '../../../adapters/contract/checkpoint-note.ts';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { callAdapter } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';

const network = useTestNetwork();
const broker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ORIGIN = 'zvh-broker/testnet/audit';

function note(size: number, head = `head ${size}`, key = broker.privateKey, origin = ORIGIN) {
  const statement: CheckpointStatement = {
    origin,
    size,
    hash: createHash('sha256').update(head).digest('hex'),
    at: '2026-03-02T09:00:00.000Z',
  };
  return signCheckpointNote(statement, key);
}

describe('an adapter as a witness of the broker audit trail', () => {
  let adapter: RunningReferenceAdapter;
  const start = () => network.startAdapter('politie-cn', { stateDir: 'witness' });
  const offer = (checkpoint: unknown) =>
    callAdapter(`${adapter.url}/v1/checkpoint`, network.agents.for('politie-cn'), 'POST', {
      checkpoint,
    });
  const held = () =>
    callAdapter(`${adapter.url}/v1/checkpoint`, network.agents.for('politie-cn'), 'GET');

  beforeAll(async () => {
    adapter = await start();
  });

  it('holds nothing before the first checkpoint', async () => {
    const answer = await held();
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps a checkpoint, and takes the same one again without change', async () => {
    const first = await offer(note(10));
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ size: 10, stored: true });
    const again = await offer(note(10));
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ size: 10, stored: false });
    expect((await held()).json).toEqual({ checkpoint: expect.stringContaining(`${ORIGIN}\n10\n`) });
  });

  it('moves on to a longer trail', async () => {
    expect((await offer(note(25))).status).toBe(201);
    const answer = await held();
    expect(answer.status).toBe(200);
    expect((answer.json as { checkpoint: string }).checkpoint).toContain(`${ORIGIN}\n25\n`);
  });

  it('refuses a shorter trail, as a trail cut short would be', async () => {
    const answer = await offer(note(24));
    expect(answer.status).toBe(409);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.json).toMatchObject({ code: 'CHECKPOINT_STALE' });
  });

  it('refuses another head at the same size, as a rewritten trail would have', async () => {
    const answer = await offer(note(25, 'rewritten'));
    expect(answer.status).toBe(409);
    expect(answer.json).toMatchObject({ code: 'CHECKPOINT_INCONSISTENT' });
  });

  it('refuses a checkpoint of another log', async () => {
    const answer = await offer(note(30, 'head 30', broker.privateKey, 'elsewhere/audit'));
    expect(answer.status).toBe(409);
    expect(answer.json).toMatchObject({ code: 'CHECKPOINT_INCONSISTENT' });
  });

  it('refuses what is not a signed note, naming the rule and not the value', async () => {
    const answer = await offer('25\nnot a note\n');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: 'REQUEST_INVALID' });
    expect((await offer(42)).json).toMatchObject({ code: 'REQUEST_INVALID' });
  });

  it('keeps what it holds across a restart, for the partner systems too', async () => {
    await adapter.close();
    adapter = await start();
    expect((await offer(note(24))).json).toMatchObject({ code: 'CHECKPOINT_STALE' });
    const local = await fetch(`${adapter.localUrl}/v1/checkpoint`);
    expect(local.status).toBe(200);
    expect(((await local.json()) as { checkpoint: string }).checkpoint).toContain(
      `${ORIGIN}\n25\n`,
    );
  });
});

describe('a witness that knows the broker checkpoint key', () => {
  let adapter: RunningReferenceAdapter;

  beforeAll(async () => {
    adapter = await network.startAdapter('sgb', { checkpointKey: broker.publicKey });
  });

  it('takes a checkpoint the broker signed, and refuses one it did not', async () => {
    const offer = (checkpoint: string) =>
      callAdapter(`${adapter.url}/v1/checkpoint`, network.agents.for('sgb'), 'POST', {
        checkpoint,
      });
    const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = await offer(note(99, 'forged', forger.privateKey));
    expect(forged.status).toBe(422);
    expect(forged.json).toMatchObject({ code: 'CHECKPOINT_SIGNATURE_INVALID' });
    expect((await offer(note(5))).status).toBe(201);
  });
});
