import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import type { TlsMaterial } from '../../keys/tls/tls-material.ts';
import { drainedOrClosed } from './https-request.ts';

export interface Received {
  readonly method: string | undefined;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The JSON body; `{}` for a request without one. */
  readonly body: { readonly messageId?: string; readonly exchangeId?: string } & Readonly<
    Record<string, unknown>
  >;
}

export interface Answer {
  readonly status: number;
  readonly text: string;
  /**
   * Write the text in pieces of this many bytes, each its own HTTP chunk and so its own
   * TLS record, as a trickling or hostile server does; in one write otherwise.
   */
  readonly pieceBytes?: number;
}

/** Written per turn of the event loop at most, so the test's own process stays responsive. */
const PIECES_PER_TURN = 256;
const BYTES_PER_TURN = 64 * 1024;

/** What the server answers a request; `null`: it never answers, as a stalled system. */
export type Behaviour = (received: Received) => Answer | null;

/** A server that records what it receives and answers however the test tells it to. */
export interface FakeServer {
  readonly url: string;
  readonly received: Received[];
  behave(behaviour: Behaviour): void;
  close(): Promise<void>;
}

/** Answers every request with `status` and `body` as JSON. */
export function answer(status: number, body: unknown): Behaviour {
  return () => ({ status, text: JSON.stringify(body) });
}

async function writeInPieces(
  response: ServerResponse,
  bytes: Buffer,
  pieceBytes: number,
): Promise<void> {
  let written = 0;
  while (written < bytes.length && !response.destroyed) {
    const turnEnds = Math.min(bytes.length, written + BYTES_PER_TURN);
    for (let i = 0; i < PIECES_PER_TURN && written < turnEnds; i++) {
      response.write(bytes.subarray(written, written + pieceBytes));
      written += pieceBytes;
    }
    if (response.writableNeedDrain) await drainedOrClosed(response);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  if (!response.destroyed) response.end();
}

/**
 * Stands in for a partner's adapter or for the broker: HTTPS on 127.0.0.1 with the
 * certificate in `tls`, taking only clients with a certificate of the same network.
 * It answers 201 with `{}` until the test tells it otherwise.
 */
export async function startFakeServer(tls: TlsMaterial): Promise<FakeServer> {
  let behaviour: Behaviour = answer(201, {});
  const received: Received[] = [];
  const server = createServer(
    { ca: tls.ca, cert: tls.cert, key: tls.key, requestCert: true, rejectUnauthorized: true },
    async (request, response) => {
      const body = await text(request);
      const got = {
        method: request.method,
        path: request.url ?? '',
        headers: request.headers,
        body: body === '' ? {} : JSON.parse(body),
      };
      received.push(got);
      const answered = behaviour(got);
      if (answered === null) return;
      if (answered.pieceBytes === undefined) {
        response.writeHead(answered.status, { 'content-type': 'application/json' });
        response.end(answered.text);
        return;
      }
      // Chunked: Node then writes every piece at once, where it would join pieces of a
      // body of known length into one record.
      response.writeHead(answered.status, { 'content-type': 'application/json' });
      await writeInPieces(response, Buffer.from(answered.text), answered.pieceBytes);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    received,
    behave: (next) => {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
