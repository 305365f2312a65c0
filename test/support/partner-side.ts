import type { InboxMessage } from '../../adapters/contract/wire-messages.ts';
import type { RunningReferenceAdapter } from '../../adapters/reference/start-reference-adapter.ts';

/** What a partner's own system sees on its adapter's loopback listener. */
export async function inbox(adapter: RunningReferenceAdapter): Promise<InboxMessage[]> {
  const response = await fetch(`${adapter.localUrl}/v1/inbox`);
  const body = (await response.json()) as { messages: { message: InboxMessage }[] };
  return body.messages.map((stored) => stored.message);
}

/** The partner system takes everything, so the next test starts with an empty inbox. */
export async function drain(adapter: RunningReferenceAdapter): Promise<void> {
  for (const message of await inbox(adapter)) {
    await fetch(`${adapter.localUrl}/v1/inbox/${message.messageId}/ack`, { method: 'POST' });
  }
}

/** The adapter's own log of what it released: one entry per pull it answered. */
export async function releases(adapter: RunningReferenceAdapter): Promise<unknown[]> {
  const response = await fetch(`${adapter.localUrl}/v1/releases`);
  return ((await response.json()) as { entries: unknown[] }).entries;
}
