import { Agent, request } from 'node:https';
import {
  type ActingUser,
  UserAssertionSigner,
} from '../../adapters/partner-client/user-assertion-signer.ts';
import type { TlsMaterial } from '../../broker/identity/tls-material.ts';
import {
  ASSERTION_HEADER,
  MAX_ASSERTION_LIFETIME_SECONDS,
} from '../../broker/identity/user-assertion.ts';

export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** One request over the partner's kept-alive mutual-TLS agent, read to the end. */
function send(
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, agent, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * One employee of a partner calling the broker from the partner's system: the partner
 * certificate on kept-alive connections, and a user assertion per call. Assertions can be
 * signed ahead (RSA signing costs about a millisecond, which would otherwise be timed as
 * the client's share of every exchange).
 */
export class Partner {
  readonly #agent: Agent;
  readonly #signer: UserAssertionSigner;
  readonly #broker: string;
  readonly #user: ActingUser;

  constructor(material: TlsMaterial, audience: string, broker: string, user: ActingUser) {
    this.#agent = new Agent({ ...material, keepAlive: true, minVersion: 'TLSv1.2' });
    this.#signer = UserAssertionSigner.create({
      certificatePem: material.cert,
      privateKeyPem: material.key,
      audience,
      // Assertions signed ahead must outlast the run they are signed for.
      lifetimeSeconds: MAX_ASSERTION_LIFETIME_SECONDS,
    });
    this.#broker = broker;
    this.#user = user;
  }

  get organisation(): string {
    return this.#signer.organisation;
  }

  /** `count` fresh assertions, each with its own `jti`: the broker accepts each once. */
  signAhead(count: number): Promise<string[]> {
    const now = new Date();
    return Promise.all(Array.from({ length: count }, () => this.#signer.sign(this.#user, now)));
  }

  /** A call with an assertion signed now; for setting up, not for timing. */
  async call(method: string, path: string, body?: unknown): Promise<Answer> {
    const [assertion] = await this.signAhead(1);
    return this.callWith(assertion ?? '', method, path, body);
  }

  callWith(assertion: string, method: string, path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = {
      [ASSERTION_HEADER]: assertion,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return send(
      this.#agent,
      `${this.#broker}${path}`,
      method,
      headers,
      body === undefined ? undefined : JSON.stringify(body),
    );
  }

  close(): void {
    this.#agent.destroy();
  }
}
