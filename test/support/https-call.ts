import { request } from 'node:https';

export interface CallOptions {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
  readonly headers?: Record<string, string>;
}

export interface CallResult {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** One HTTPS GET on a fresh connection, so each call runs its own handshake. */
export function httpsGet(url: string, options: CallOptions): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        ca: options.ca,
        ...(options.cert === undefined ? {} : { cert: options.cert }),
        ...(options.key === undefined ? {} : { key: options.key }),
        headers: options.headers ?? {},
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            contentType: incoming.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}
