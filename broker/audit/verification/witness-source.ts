import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import {
  ADAPTER_PATHS,
  checkpointMessageSchema,
} from '../../../adapters/contract/wire-messages.ts';
import type { TlsMaterial } from '../../../keys/tls/tls-material.ts';
import { type ExternalCheckpoint, externalCheckpoint } from './external-checkpoints.ts';

/** A held checkpoint is a few hundred bytes; anything longer is not the witness's answer. */
const MAX_ANSWER_BYTES = 16 * 1024;

/**
 * Asks an adapter for the latest checkpoint it witnessed (`GET /v1/checkpoint`), over
 * mutual TLS with the broker's client certificate. Resolves with the note, or undefined
 * when the adapter holds none yet; rejects when it cannot be asked, naming the witness.
 *
 * @example
 * const note = await fetchWitnessedCheckpoint('https://adapter.politie-cn.example:9101', tls);
 */
export async function fetchWitnessedCheckpoint(
  baseUrl: string,
  tls: TlsMaterial,
  timeoutMs = 10_000,
): Promise<string | undefined> {
  const url = `${baseUrl.replace(/\/+$/, '')}${ADAPTER_PATHS.checkpoint}`;
  let answer: { status: number; text: string };
  try {
    answer = await get(url, tls, timeoutMs);
  } catch (error) {
    throw new Error(`cannot ask the witness at ${baseUrl}: ${(error as Error).message}`);
  }
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw new Error(`the witness at ${baseUrl} answered ${answer.status}`);
  const parsed = checkpointMessageSchema.safeParse(parseJson(answer.text));
  if (!parsed.success) throw new Error(`the witness at ${baseUrl} answered something else`);
  return parsed.data.checkpoint;
}

/** The one checkpoint a witness holds, as an external checkpoint source. */
export async function* witnessSource(
  baseUrl: string,
  note: string | undefined,
  publicKey: KeyObject,
): AsyncGenerator<ExternalCheckpoint> {
  if (note !== undefined) yield externalCheckpoint(note, `witness ${baseUrl}`, publicKey);
}

function get(
  url: string,
  tls: TlsMaterial,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'GET',
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
      agent: false,
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    outgoing.on('error', reject);
    outgoing.on('response', (incoming: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let length = 0;
      incoming.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > MAX_ANSWER_BYTES) outgoing.destroy(new Error('the answer is too large'));
        else chunks.push(chunk);
      });
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    outgoing.end();
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
