import { once } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { type Agent, request } from 'node:https';
import type { Writable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { TLSSocket } from 'node:tls';

export interface HttpsResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

export interface HttpsRequestOptions {
  readonly method?: string;
  /**
   * The agent to send through; without one, the request runs a handshake of its own with
   * `tls`, so no connection of an earlier request is reused.
   */
  readonly agent?: Agent;
  readonly tls?: { readonly ca: string; readonly cert?: string; readonly key?: string };
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON; a `JsonText` as it is. */
  readonly body?: unknown;
}

/** A JSON text sent as written: for what JSON.stringify cannot write (`1e999`, deep nesting). */
export class JsonText {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

/** One HTTPS request; a refused handshake or a broken connection rejects. */
export async function httpsRequest(
  url: string,
  options: HttpsRequestOptions = {},
): Promise<HttpsResponse> {
  const payload =
    options.body === undefined
      ? undefined
      : options.body instanceof JsonText
        ? options.body.text
        : JSON.stringify(options.body);
  const outgoing = request(url, {
    method: options.method ?? 'GET',
    headers: {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.agent === undefined ? { ...options.tls, agent: false } : { agent: options.agent }),
  });
  outgoing.end(payload);
  const [incoming] = (await once(outgoing, 'response')) as [IncomingMessage];
  return {
    status: incoming.statusCode ?? 0,
    contentType: incoming.headers['content-type'],
    headers: incoming.headers,
    text: await text(incoming),
  };
}

export interface AdapterResponse extends HttpsResponse {
  /** The answer read as JSON, where it is an object. */
  readonly json: unknown;
}

/** One call to an adapter through the broker's `agent`, with an optional JSON body. */
export async function callAdapter(
  url: string,
  agent: Agent,
  method: 'GET' | 'POST',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<AdapterResponse> {
  const response = await httpsRequest(url, { method, agent, headers, body });
  return {
    ...response,
    json: response.text.startsWith('{') ? JSON.parse(response.text) : undefined,
  };
}

export interface UploadOptions {
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string };
  /** Body bytes to offer: spaces, sent as fast as the connection takes them. */
  readonly bytes: number;
  /** Announced in content-length; otherwise the body is sent chunked. */
  readonly declareLength: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface UploadOutcome extends HttpsResponse {
  /** From the moment the request's headers were written to the answer's arrival. */
  readonly answeredAfterMs: number;
  /** Body bytes written before the server closed the connection, or all of them. */
  readonly bytesWritten: number;
}

/**
 * A POST with a large body, as a careless or hostile client sends one: the body keeps
 * coming until it is all written or the server closes the connection, whatever the server
 * answered meanwhile. Memory stays small: one 64 KiB piece is written again and again.
 */
export async function upload(url: string, options: UploadOptions): Promise<UploadOutcome> {
  const piece = Buffer.alloc(64 * 1024, ' ');
  const outgoing = request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.declareLength ? { 'content-length': String(options.bytes) } : {}),
      ...options.headers,
    },
    ...options.tls,
    agent: false,
  });
  let closed = false;
  outgoing.on('error', () => undefined);
  outgoing.once('close', () => {
    closed = true;
  });
  outgoing.flushHeaders();
  // The headers go out as soon as the handshake is done.
  const [socket] = (await once(outgoing, 'socket')) as [TLSSocket];
  if (socket.connecting || !socket.encrypted) await once(socket, 'secureConnect');
  const headersWrittenAt = performance.now();
  const answered = once(outgoing, 'response').then(async ([incoming]: IncomingMessage[]) => {
    const answeredAfterMs = performance.now() - headersWrittenAt;
    return {
      status: incoming?.statusCode ?? 0,
      contentType: incoming?.headers['content-type'],
      headers: incoming?.headers ?? {},
      text: incoming === undefined ? '' : await text(incoming),
      answeredAfterMs,
    };
  });
  let bytesWritten = 0;
  while (!closed && bytesWritten < options.bytes) {
    const size = Math.min(piece.length, options.bytes - bytesWritten);
    bytesWritten += size;
    if (!outgoing.write(size === piece.length ? piece : piece.subarray(0, size))) {
      await drainedOrClosed(outgoing);
    }
  }
  if (!closed) outgoing.end();
  return { ...(await answered), bytesWritten };
}

/** Resolves when a stream that refused a write takes more, or closes. */
export async function drainedOrClosed(stream: Writable): Promise<void> {
  const done = new AbortController();
  await Promise.race([
    once(stream, 'drain', { signal: done.signal }),
    once(stream, 'close', { signal: done.signal }),
  ]).finally(() => done.abort());
}
