import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers a GET path with a JSON body, undefined for a 404, or throws for a 500. */
export type FakeRoutes = (path: string) => unknown;

export interface FakePartnerSystem {
  readonly url: string;
  /** The `traceparent` of each request, in order: shows the trace reached the partner. */
  readonly traceparents: readonly string[];
  close(): Promise<void>;
}

/**
 * A stand-in for a partner's existing JSON API (a client system or an EHR) on 127.0.0.1,
 * for the reference adapters that read through the HTTP JSON data source.
 *
 * @example
 * const system = await startFakePartnerSystem((path) => path === '/ping' ? { ok: true } : undefined);
 */
export async function startFakePartnerSystem(routes: FakeRoutes): Promise<FakePartnerSystem> {
  const traceparents: string[] = [];
  const server: Server = createServer((request, response) => {
    const header = request.headers.traceparent;
    if (typeof header === 'string') traceparents.push(header);
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    let body: unknown;
    try {
      body = request.method === 'GET' ? routes(path) : undefined;
    } catch {
      // A failing partner system, as the adapter must expect one.
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'internal' }));
      return;
    }
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    traceparents,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
