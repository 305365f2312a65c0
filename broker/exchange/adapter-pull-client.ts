import {
  ADAPTER_PATHS,
  type PullRequest,
  type PullResponse,
  pullResponseSchema,
} from '../../adapters/contract/wire-messages.ts';
import type { AdapterAnswerLimits } from '../config/config.ts';
import { type AdapterCallOptions, postToAdapter } from './adapter-request.ts';
import { BoundedAnswer } from './bounded-answer.ts';

export interface PullCallOptions extends AdapterCallOptions {
  /** Past any of these the answer is not minimal case data: it is dropped unread. */
  readonly limits: AdapterAnswerLimits;
}

/**
 * Asks one adapter's `POST /v1/pull` and returns its answer once it is well-formed and
 * about this exchange. Rejects on anything else (refused connection, timeout, status,
 * an answer past a limit, malformed body), so the caller has one way to treat a provider
 * as unavailable. An answer past a limit is cut off where it crosses it: the connection
 * is destroyed and nothing more is read.
 *
 * @example
 * const answer = await pullFromAdapter('https://politie.example', body,
 *   { agent, timeoutMs: 2000, traceparent, limits: DEFAULT_LIMITS.adapterAnswer });
 */
export function pullFromAdapter(
  baseUrl: string,
  body: PullRequest,
  options: PullCallOptions,
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
        const answer = new BoundedAnswer(options.limits);
        incoming.on('data', (chunk: Buffer) => {
          try {
            answer.push(chunk);
          } catch (error) {
            outgoing.destroy(error as Error);
          }
        });
        incoming.on('error', reject);
        incoming.on('end', () => resolve(answer.text()));
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
