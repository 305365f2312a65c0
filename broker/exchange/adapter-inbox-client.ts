import type { InboxMessage } from '../../adapters/contract/wire-messages.ts';
import { ADAPTER_PATHS } from '../../adapters/contract/wire-messages.ts';
import { type AdapterCallOptions, postToAdapter } from './adapter-request.ts';

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
  return new Promise((resolve) => {
    const retry = (reason: unknown) => resolve({ outcome: 'retry', reason: String(reason) });
    postToAdapter(baseUrl, ADAPTER_PATHS.inbox, message, options, {
      onFailure: retry,
      onAnswer(incoming) {
        // The answer's body says nothing the status does not; it is read only to free the socket.
        incoming.resume();
        const status = incoming.statusCode ?? 0;
        if (status === 200 || status === 201) resolve({ outcome: 'delivered' });
        else if (status >= 400 && status < 500 && !TRANSIENT_CLIENT_ERRORS.has(status)) {
          resolve({ outcome: 'rejected', status });
        } else retry(`adapter answered ${status}`);
      },
    });
  });
}
