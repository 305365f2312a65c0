import { beforeAll, describe, expect, it } from 'vitest';
import type { InboxMessage } from '../../../adapters/contract/wire-messages.ts';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { callAdapter } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';

const network = useTestNetwork();
let adapter: RunningReferenceAdapter;

function start(): Promise<RunningReferenceAdapter> {
  return network.startAdapter('jeugdzorg-cn');
}

function message(n: number): InboxMessage {
  return {
    messageId: `msg-${n}`,
    exchangeId: `ex-push-${n}`,
    purpose: 'case_meeting',
    sender: 'zvh-bonaire',
    caseId: 'case-1',
    person: { nationalId: '133819379' },
    categories: {
      meeting_outcome: {
        meeting_date: '2026-11-20',
        decisions: `decision ${n}: family support continues`,
        next_meeting: '2026-12-04',
      },
    },
  };
}

async function local(path: string, method: 'GET' | 'POST' = 'GET') {
  const response = await fetch(`${adapter.localUrl}${path}`, { method });
  return {
    status: response.status,
    body: response.status === 204 ? undefined : await response.json(),
  };
}

const agent = () => network.agents.for('jeugdzorg-cn');

const push = (body: unknown) => callAdapter(`${adapter.url}/v1/inbox`, agent(), 'POST', body);

beforeAll(async () => {
  adapter = await start();
});

describe('the inbox: the broker pushes, the partner system takes', () => {
  it('stores a pushed message once, however often the broker retries it', async () => {
    const first = await push(message(1));
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ messageId: 'msg-1', stored: true });
    const retry = await push(message(1));
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual({ messageId: 'msg-1', stored: false });
    expect((await push(message(2))).status).toBe(201);
  });

  it('refuses a message with a category or field the covenant does not know', async () => {
    const bad = await push({ ...message(9), categories: { meeting_outcome: { gossip: 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      code: 'REQUEST_INVALID',
      issues: ['categories.meeting_outcome.gossip: not a covenant field'],
    });
    expect((await push({ messageId: 'm' })).json).toMatchObject({ code: 'REQUEST_INVALID' });
  });

  it('lists waiting messages in arrival order on the local listener only', async () => {
    const listed = await local('/v1/inbox');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      messages: [
        { messageId: 'msg-1', message: message(1) },
        { messageId: 'msg-2', message: message(2) },
      ],
    });
    expect(new URL(adapter.localUrl).hostname).toBe('127.0.0.1');
    // The broker's certificate can deliver, but cannot read the inbox back.
    expect((await callAdapter(`${adapter.url}/v1/inbox`, agent(), 'GET')).status).toBe(404);
  });

  it('keeps unacknowledged messages across an adapter restart', async () => {
    await adapter.close();
    adapter = await start();
    const listed = await local('/v1/inbox');
    expect(
      (listed.body as { messages: { messageId: string }[] }).messages.map((m) => m.messageId),
    ).toEqual(['msg-1', 'msg-2']);
    // A retry of a message delivered before the restart is still recognised.
    expect((await push(message(2))).status).toBe(200);
  });

  it('removes an acknowledged message, and a second ack finds nothing', async () => {
    expect((await local('/v1/inbox/msg-1/ack', 'POST')).status).toBe(204);
    const again = await local('/v1/inbox/msg-1/ack', 'POST');
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'NOT_FOUND' });
    const listed = await local('/v1/inbox');
    expect(
      (listed.body as { messages: { messageId: string }[] }).messages.map((m) => m.messageId),
    ).toEqual(['msg-2']);
  });
});
