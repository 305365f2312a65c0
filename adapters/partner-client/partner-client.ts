import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import { ASSERTION_HEADER } from '../../keys/assertion/user-assertion.ts';
import { TLS_PROTOCOL, type TlsMaterial } from '../../keys/tls/tls-material.ts';
import { type ActingUser, UserAssertionSigner } from './user-assertion-signer.ts';

export interface PartnerClientFiles {
  readonly certificate: string;
  readonly privateKey: string;
  /** The network CA: the only issuer the client trusts for the broker's certificate. */
  readonly ca: string;
}

export interface PartnerClientOptions {
  /** For example https://broker.zvh-bonaire.example:8443 */
  readonly broker: string;
  readonly audience: string;
  readonly user: ActingUser;
  /** How long each assertion is valid, default 60 s; longer for assertions signed ahead. */
  readonly assertionLifetimeSeconds?: number;
}

export interface BrokerResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

export interface StreamedResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: IncomingMessage;
}

const JSON_ACCEPT = 'application/json, application/problem+json';

/**
 * A partner system's connection to the broker: mutual TLS with the partner certificate,
 * and a fresh user assertion on every request.
 *
 * @example
 * const client = await PartnerClient.fromFiles(files, {
 *   broker: 'https://localhost:8443', audience: 'urn:zvh-broker:bonaire',
 *   user: { id: 'u123', name: 'A. Martis', role: 'case_director' },
 * });
 * const me = await client.request('GET', '/v1/whoami');
 */
export class PartnerClient {
  readonly #agent: Agent;
  readonly #signer: UserAssertionSigner;
  readonly #broker: URL;
  readonly #user: ActingUser;

  private constructor(agent: Agent, signer: UserAssertionSigner, options: PartnerClientOptions) {
    this.#agent = agent;
    this.#signer = signer;
    this.#broker = new URL(options.broker);
    this.#user = options.user;
    if (this.#broker.protocol !== 'https:') throw new TypeError('broker must be an https URL');
  }

  static async fromFiles(
    files: PartnerClientFiles,
    options: PartnerClientOptions,
  ): Promise<PartnerClient> {
    const [cert, key, ca] = await Promise.all(
      [files.certificate, files.privateKey, files.ca].map((path) => readFile(path, 'utf8')),
    );
    if (cert === undefined || key === undefined || ca === undefined) {
      throw new TypeError('certificate, key and CA are required');
    }
    return PartnerClient.fromMaterial({ cert, key, ca }, options);
  }

  /** The same, from PEM text already read. */
  static fromMaterial(material: TlsMaterial, options: PartnerClientOptions): PartnerClient {
    // With a timeout of its own, the agent retires an idle connection before the broker's
    // `Keep-Alive: timeout` ends it, instead of racing the broker's close with a request.
    const agent = new Agent({ ...material, ...TLS_PROTOCOL, keepAlive: true, timeout: 30_000 });
    const signer = UserAssertionSigner.create({
      certificatePem: material.cert,
      privateKeyPem: material.key,
      audience: options.audience,
      ...(options.assertionLifetimeSeconds === undefined
        ? {}
        : { lifetimeSeconds: options.assertionLifetimeSeconds }),
    });
    return new PartnerClient(agent, signer, options);
  }

  get organisation(): string {
    return this.#signer.organisation;
  }

  assertion(): Promise<string> {
    return this.#signer.sign(this.#user);
  }

  async request(method: string, path: string, body?: unknown): Promise<BrokerResponse> {
    return this.requestWith(await this.assertion(), method, path, body);
  }

  /** A request with an assertion signed earlier (see `assertion()`); each is accepted once. */
  async requestWith(
    assertion: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<BrokerResponse> {
    const response = await this.#send(assertion, method, path, body, JSON_ACCEPT);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
    return {
      status: response.status,
      contentType: response.contentType,
      body: Buffer.concat(chunks).toString('utf8'),
    };
  }

  /**
   * The answer as it arrives, for one too long or too binary to hold as text: an export,
   * a PDF. The caller reads `body` to its end (or destroys it).
   */
  async stream(
    method: string,
    path: string,
    body?: unknown,
    accept = JSON_ACCEPT,
  ): Promise<StreamedResponse> {
    return this.#send(await this.assertion(), method, path, body, accept);
  }

  #send(
    assertion: string,
    method: string,
    path: string,
    body: unknown,
    accept: string,
  ): Promise<StreamedResponse> {
    const url = new URL(path, this.#broker);
    const headers: Record<string, string> = { [ASSERTION_HEADER]: assertion, accept };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return new Promise<StreamedResponse>((resolve, reject) => {
      const outgoing = request(url, { method, headers, agent: this.#agent }, (incoming) =>
        resolve({
          status: incoming.statusCode ?? 0,
          contentType: incoming.headers['content-type'],
          body: incoming,
        }),
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
