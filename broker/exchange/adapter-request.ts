import type { ClientRequest, IncomingMessage } from 'node:http';
import { type Agent, request } from 'node:https';
import { TRACEPARENT_HEADER } from '../../adapters/contract/trace-context.ts';

export interface AdapterCallOptions {
  /** The broker's mutual-TLS agent for this partner: only its adapter certificate is trusted. */
  readonly agent: Agent;
  readonly timeoutMs: number;
  /** W3C trace context of the exchange, so the adapter's log lines join the broker's trace. */
  readonly traceparent: string;
}

export interface AdapterAnswerHandlers {
  onAnswer(incoming: IncomingMessage, outgoing: ClientRequest): void;
  /** A refused connection, a socket error, or the deadline passing, also mid-answer. */
  onFailure(reason: unknown): void;
}

/**
 * POSTs a JSON body to one endpoint of a partner's adapter, with the exchange's trace
 * context and a deadline. The two adapter clients (pull and inbox) differ only in what they
 * make of the answer.
 *
 * @example
 * postToAdapter(url, '/v1/inbox', message, options, { onAnswer, onFailure });
 */
export function postToAdapter(
  baseUrl: string,
  path: string,
  body: unknown,
  options: AdapterCallOptions,
  handlers: AdapterAnswerHandlers,
): void {
  const signal = AbortSignal.timeout(options.timeoutMs);
  // The signal also has to end an answer that started but stalls mid-body.
  signal.addEventListener('abort', () => handlers.onFailure(signal.reason), { once: true });
  const outgoing = request(
    `${baseUrl.replace(/\/+$/, '')}${path}`,
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
    (incoming) => handlers.onAnswer(incoming, outgoing),
  );
  outgoing.on('error', (error) => handlers.onFailure(error));
  outgoing.end(JSON.stringify(body));
}
