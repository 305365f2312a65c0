import {
  ADAPTER_PATHS,
  type CheckpointMessage,
  checkpointReceiptSchema,
} from '../../../adapters/contract/wire-messages.ts';
import { type AdapterCallOptions, postToAdapter } from '../../exchange/adapter-request.ts';

/** A receipt or a problem is a few hundred bytes; anything longer is not the adapter's answer. */
const MAX_ANSWER_BYTES = 16 * 1024;

/** What offering a checkpoint to one adapter came to. */
export type WitnessAnswer =
  /** The witness holds a checkpoint of exactly this size now. */
  | { readonly outcome: 'held' }
  /** It refused this checkpoint for good, with the problem's code (CHECKPOINT_STALE, ...). */
  | { readonly outcome: 'refused'; readonly status: number; readonly code: string | undefined }
  /** It could not be asked, or failed: the offer may be repeated. */
  | { readonly outcome: 'failed'; readonly reason: string };

/**
 * Offers a signed checkpoint to an adapter's `POST /v1/checkpoint`. Never rejects: every
 * failure is an answer, so publishing stays best effort.
 *
 * @example
 * const answer = await offerCheckpoint(url, published.note, 42, { agent, timeoutMs, traceparent });
 */
export function offerCheckpoint(
  baseUrl: string,
  note: string,
  size: number,
  options: AdapterCallOptions,
): Promise<WitnessAnswer> {
  return new Promise((resolve) => {
    const failed = (reason: unknown) => resolve({ outcome: 'failed', reason: String(reason) });
    const body: CheckpointMessage = { checkpoint: note };
    postToAdapter(baseUrl, ADAPTER_PATHS.checkpoint, body, options, {
      onFailure: failed,
      onAnswer(incoming, outgoing) {
        const status = incoming.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let length = 0;
        incoming.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > MAX_ANSWER_BYTES) outgoing.destroy(new Error('witness answer too large'));
          else chunks.push(chunk);
        });
        incoming.on('error', failed);
        incoming.on('end', () => {
          const json = parseJson(Buffer.concat(chunks).toString('utf8'));
          if (status === 200 || status === 201) {
            const receipt = checkpointReceiptSchema.safeParse(json);
            if (receipt.success && receipt.data.size === size) resolve({ outcome: 'held' });
            else failed('the witness answered without holding the checkpoint');
          } else if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
            const code = (json as { code?: unknown } | undefined)?.code;
            resolve({
              outcome: 'refused',
              status,
              code: typeof code === 'string' ? code : undefined,
            });
          } else failed(`the witness answered ${status}`);
        });
      },
    });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
