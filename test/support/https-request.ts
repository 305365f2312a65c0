import { once } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { type Agent, request } from 'node:https';
import { text } from 'node:stream/consumers';

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
