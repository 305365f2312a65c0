import { Agent, request } from 'node:http';

const REQUEST_TIMEOUT_MS = 5_000;

/**
 * Asks an OPA server for documents over one kept-alive connection, the way a broker
 * would call a sidecar, so each query pays for HTTP and JSON but not for a TCP handshake.
 */
export class OpaClient {
  readonly #base: URL;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(base: URL) {
    this.#base = base;
  }

  /** POSTs `{input}` to /v1/data/<path> and returns `result`; throws if OPA has none. */
  query(path: string, input: unknown): Promise<unknown> {
    const body = JSON.stringify({ input });
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(`/v1/data/${path}`, this.#base),
        {
          method: 'POST',
          agent: this.#agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) {
              reject(new Error(`OPA answered ${res.statusCode} for ${path}: ${text}`));
              return;
            }
            const answer = JSON.parse(text) as { result?: unknown };
            if (answer.result === undefined) {
              reject(new Error(`OPA has no document at ${path}: ${text}`));
              return;
            }
            resolve(answer.result);
          });
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => {
        req.destroy(new Error(`OPA did not answer ${path} within ${REQUEST_TIMEOUT_MS} ms`));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
