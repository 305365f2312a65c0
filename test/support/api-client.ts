import { request } from 'node:https';
import { UserAssertionSigner } from '../../adapters/partner-client/user-assertion-signer.ts';
import type { CaseRole } from '../../broker/policy/exchange-request.ts';
import { AUDIENCE, type Holder } from './identity.ts';

export interface ApiResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
  readonly body: any;
}

/** An employee of a partner: the certificate of the organisation, the user of the assertion. */
export interface Caller {
  readonly organisation: string;
  readonly holder: Holder;
  readonly user: string;
  readonly role: CaseRole;
}

/** The broker as a partner's system calls it: over mutual TLS, a fresh assertion per call. */
export class ApiClient {
  readonly #url: string;
  readonly #signers = new Map<Holder, UserAssertionSigner>();

  constructor(url: string) {
    this.#url = url;
  }

  async call(
    caller: Caller | Holder,
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Readonly<Record<string, string>> = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...extraHeaders };
    const holder = 'holder' in caller ? caller.holder : caller;
    if ('holder' in caller) {
      headers['ZVH-Assertion'] = await this.#signer(holder).sign(
        { id: caller.user, name: caller.user, role: caller.role },
        new Date(),
      );
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    return send(`${this.#url}${path}`, method, holder, headers, body);
  }

  #signer(holder: Holder): UserAssertionSigner {
    let signer = this.#signers.get(holder);
    if (signer === undefined) {
      signer = UserAssertionSigner.create({
        certificatePem: holder.cert,
        privateKeyPem: holder.key,
        audience: AUDIENCE,
      });
      this.#signers.set(holder, signer);
    }
    return signer;
  }
}

function send(
  url: string,
  method: string,
  holder: Holder,
  headers: Record<string, string>,
  body: unknown,
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method, ca: holder.ca, cert: holder.cert, key: holder.key, headers, agent: false },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: incoming.statusCode ?? 0,
            contentType: incoming.headers['content-type'],
            headers: incoming.headers,
            text,
            body: text === '' ? undefined : JSON.parse(text),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
