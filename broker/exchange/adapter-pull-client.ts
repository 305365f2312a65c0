import { type Agent, request } from 'node:https';
import {
  type PullRequest,
  type PullResponse,
  pullResponseSchema,
} from '../../adapters/kit/adapter-contract.ts';
import { TRACEPARENT_HEADER } from '../../adapters/kit/trace-context.ts';

export interface AdapterCallOptions {
  /** The broker's mutual-TLS agent: only adapter certificates of the network are trusted. */
  readonly agent: Agent;
  readonly timeoutMs: number;
  /** W3C trace context of the exchange, so the adapter's log lines join the broker's trace. */
  readonly traceparent: string;
}

/** An adapter's answer larger than this is not minimal case data: it is refused unread. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * Asks one adapter's `POST /v1/pull` and returns its answer once it is well-formed and
 * about this exchange. Rejects on anything else (refused connection, timeout, status,
 * malformed body), so the caller has one way to treat a provider as unavailable.
 *
 * @example
 * const answer = await pullFromAdapter('https://politie.example', body,
 *   { agent, timeoutMs: 2000, traceparent });
 */
export function pullFromAdapter(
  baseUrl: string,
  body: PullRequest,
  options: AdapterCallOptions,
): Promise<PullResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/pull`;
  return new Promise<string>((resolve, reject) => {
    // The signal also has to end a response that started but stalls mid-body.
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
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
        if (incoming.statusCode !== 200) {
          incoming.resume();
          reject(new Error(`adapter answered ${incoming.statusCode}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            outgoing.destroy(new Error('adapter answer too large'));
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('error', reject);
        incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  }).then((text) => {
    const answer = pullResponseSchema.parse(JSON.parse(text));
    if (answer.exchangeId !== body.exchangeId) {
      throw new Error('adapter answered another exchange');
    }
    return answer;
  });
}
