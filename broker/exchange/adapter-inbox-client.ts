import { request } from 'node:https';
import type { InboxMessage } from '../../adapters/kit/adapter-contract.ts';
import { TRACEPARENT_HEADER } from '../../adapters/kit/trace-context.ts';
import type { AdapterCallOptions } from './adapter-pull-client.ts';

/** What one delivery attempt came to, as the delivery worker acts on it. */
export type InboxDelivery =
  | { readonly outcome: 'delivered' }
  /** The adapter refused the message itself: sending it again would get the same answer. */
  | { readonly outcome: 'rejected'; readonly status: number }
  | { readonly outcome: 'retry'; readonly reason: string };

/** Statuses of a client error that may well pass on a later try. */
const TRANSIENT_CLIENT_ERRORS = new Set([408, 429]);

/**
 * Offers one message to an adapter's `POST /v1/inbox`. 200 and 201 mean it is stored (201
 * new, 200 a repeat of a `messageId` it already has), so a retry after a lost answer is
 * harmless. Never rejects: every failure is an outcome the caller schedules by.
 *
 * @example
 * const { outcome } = await deliverToInbox(url, message, { agent, timeoutMs, traceparent });
 */
export function deliverToInbox(
  baseUrl: string,
  message: InboxMessage,
  options: AdapterCallOptions,
): Promise<InboxDelivery> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/inbox`;
  return new Promise((resolve) => {
    const retry = (reason: unknown) => resolve({ outcome: 'retry', reason: String(reason) });
    signal.addEventListener('abort', () => retry(signal.reason), { once: true });
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent: options.agent,
        signal,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          [TRACEPARENT_HEADER]: options.traceparent,
        },
      },
      (incoming) => {
        // The answer's body says nothing the status does not; it is read only to free the socket.
        incoming.resume();
        const status = incoming.statusCode ?? 0;
        if (status === 200 || status === 201) resolve({ outcome: 'delivered' });
        else if (status >= 400 && status < 500 && !TRANSIENT_CLIENT_ERRORS.has(status)) {
          resolve({ outcome: 'rejected', status });
        } else retry(`adapter answered ${status}`);
      },
    );
    outgoing.on('error', retry);
    outgoing.end(JSON.stringify(message));
  });
}
