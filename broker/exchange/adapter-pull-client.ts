import {
  ADAPTER_PATHS,
  type PullRequest,
  type PullResponse,
  pullResponseSchema,
} from '../../adapters/contract/wire-messages.ts';
import { type AdapterCallOptions, postToAdapter } from './adapter-request.ts';

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
  return new Promise<string>((resolve, reject) => {
    postToAdapter(baseUrl, ADAPTER_PATHS.pull, body, options, {
      onFailure: reject,
      onAnswer(incoming, outgoing) {
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
    });
  }).then((text) => {
    const answer = pullResponseSchema.parse(JSON.parse(text));
    if (answer.exchangeId !== body.exchangeId) {
      throw new Error('adapter answered another exchange');
    }
    return answer;
  });
}
